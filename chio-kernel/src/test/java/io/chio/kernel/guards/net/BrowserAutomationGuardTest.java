package io.chio.kernel.guards.net;

import static io.chio.kernel.guards.net.Calls.guard;
import static io.chio.kernel.guards.net.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardResult;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrowserAutomationGuardTest {
  private final CredentialDetector detector = new CredentialDetector(List.of());

  @Test
  void verbComesFromTheActionElseTheToolName() {
    assertThat(BrowserAutomationGuard.verbOf("Click", "browser")).isEqualTo("Click");
    assertThat(BrowserAutomationGuard.verbOf(null, "browser_navigate")).isEqualTo("navigate");
    assertThat(BrowserAutomationGuard.verbOf(null, "mcp__playwright__browser_file_upload")).isEqualTo("file_upload");
    assertThat(BrowserAutomationGuard.verbOf(" ", "puppeteer_evaluate")).isEqualTo("evaluate");
    assertThat(BrowserAutomationGuard.verbOf(null, "browser")).isEmpty();
    assertThat(BrowserAutomationGuard.fold("Take-Screenshot")).isEqualTo("takescreenshot");
  }

  @ParameterizedTest
  @ValueSource(strings = {"#password", "input[type=password]", "[name*=pass]", "#user_password", "Password", "input[autocomplete=current-password]", "#pwd",
    "#cvv", "[name=cardnumber]", "#card-number", "One-time code", "#otp", "API key", "#api_key", "input[name='pin']", "#ssn"})
  void sensitiveFields(String selector) {
    assertThat(CredentialDetector.isSensitiveField(selector)).as(selector).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"#passenger", "#compass-heading", "#bypass-cache", "#search", "input[name=email]", "#username", "Spinner", "#pinterest-share",
    "#tokens-count-label"})
  void ordinaryFields(String selector) {
    assertThat(CredentialDetector.isSensitiveField(selector)).as(selector).isFalse();
  }

  @Test
  void secretsAreFoundAndMasked() {
    CredentialDetector.Finding f = detector.findSecret("key: AKIAIOSFODNN7EXAMPLE");
    assertThat(f.kind()).isEqualTo("AWS access key");
    assertThat(f.masked()).isEqualTo("AKIA...MPLE (20 chars)").doesNotContain("IOSFODNN7");
    assertThat(detector.findSecret("-----BEGIN OPENSSH PRIVATE KEY-----\nabc").kind()).isEqualTo("private key");
    assertThat(detector.findSecret("sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123").kind()).isEqualTo("OpenAI/Anthropic key");
    assertThat(detector.findSecret("5500-0000-0000-0004").kind()).isEqualTo("payment card number");
    assertThat(detector.findSecret("Authorization: Bearer abcdefghijklmnop.qrstu").kind()).isEqualTo("bearer token");
  }

  @Test
  void ordinaryTextIsNotASecret() {
    for (String s :
        List.of(
            "usb-c laptop charger", "jane.doe@example.com", "4111 1111 1111 1112", "call 555-0100", "2024-01-31", "MacBook-Pro-2023 16GB",
            "3f786850e387550fdab836ed7e6dc881de23001b", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "The quick brown fox jumps over the lazy dog")) {
      assertThat(detector.findSecret(s)).as(s).isNull();
    }
  }

  @Test
  void extraPatternsAreApplied() {
    CredentialDetector d = new CredentialDetector(List.of(Pattern.compile("ACME-[0-9]{6}")));
    assertThat(d.findSecret("use ACME-123456 now").kind()).isEqualTo("configured credential pattern");
  }

  @Test
  void luhn() {
    assertThat(CredentialDetector.luhn("4111111111111111")).isTrue();
    assertThat(CredentialDetector.luhn("4111111111111112")).isFalse();
    assertThat(CredentialDetector.luhn("378282246310005")).isTrue();
  }

  @Test
  void evidenceNeverContainsTheTypedSecret() throws Exception {
    Guard g = guard("browser-automation", null);
    GuardResult r = run(g, "browser_type", "{\"selector\": \"#notes\", \"text\": \"token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\"}");
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    GuardResult.Deny d = (GuardResult.Deny) r;
    assertThat(d.reason() + d.details()).doesNotContain("aBcDeFgHiJkLmNoPqRsTuVwXyZ");
  }

  @Test
  void maskShortSecretsFully() {
    assertThat(Evidence.mask("hunter2")).isEqualTo("*******");
    assertThat(Evidence.mask("abc")).isEqualTo("****");
    assertThat(Evidence.quote("a\u0000b")).isEqualTo("\"a\\u0000b\"");
    assertThat(Evidence.quote("x".repeat(100))).hasSize(85);
  }
}
