package io.chio.kernel.guards.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretScannerTest {
  private static final SecretScanner SCANNER = SecretScanner.defaults();

  private static List<String> types(String text) {
    return SCANNER.scan(text).stream().map(SecretScanner.Finding::type).toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "AWS_ACCESS_KEY|key AKIAUJZDE8GXD6NCF10E here",
      "AWS_ACCESS_KEY|ASIAUJZDE8GXD6NCF10E",
      "AWS_SECRET_KEY|aws_secret_access_key = El2hpChYgCfrL1spNxnyVmihA+2O76UMFxFkM+R5",
      "AWS_SECRET_KEY|\"SecretAccessKey\": \"El2hpChYgCfrL1spNxnyVmihA+2O76UMFxFkM+R5\"",
      "GITHUB_TOKEN|ghp_sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8",
      "GITHUB_TOKEN|gho_sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8",
      "GITHUB_TOKEN|ghs_sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8",
      "GITHUB_TOKEN|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",
      "GITLAB_TOKEN|glpat-Ku8iS2G8NPRVdD53X83R",
      "NPM_TOKEN|npm_ZJzzzzgEOzdmenCkhvMdgaKjIg8xNbe3nNyj",
      "SLACK_TOKEN|xoxb-459571177774-1215472803852-SI6bWHtP3fS2qHx6kwXoIIXG",
      "SLACK_TOKEN|xapp-1-A04BXYZ12AB-4593015571377-b3f1c0ffee8c2a1d9e7f6a5b4c3d2e1f",
      "SLACK_WEBHOOK|https://hooks.slack.com/services/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",
      "STRIPE_KEY|sk_live_aE6PwZPf1Qh6yYTWmE4lBYOv",
      "STRIPE_KEY|rk_live_aE6PwZPf1Qh6yYTWmE4lBYOv",
      "OPENAI_KEY|sk-proj-fZ8UzDzV8fUkkibjL5DZPjN0MEQ7wjJJibaZUPgHV7iB3m03",
      "OPENAI_KEY|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",
      "ANTHROPIC_KEY|sk-ant-api03-BdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY-uCu3ZR1zTOlUcR64cXQLio",
      "GOOGLE_API_KEY|AIzaDnkHIfxIq2HZt_PlJhx2jIclHkCiHp6bR1I",
      "JWT|eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtZGVwbG95Iiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzEwMDAwMDAwfQ.qfEouHgxzNNAL5wIScGebcy8F5n3_YNBDRzrZSgqbjG",
      "GENERIC_SECRET|password: \"Tr0ub4dor&3xq!\"",
      "GENERIC_SECRET|API_KEY=a8f5f167f44f4964e6c998dee827110c",
      "GENERIC_SECRET|client_secret => 'q8Fz3kL9mN2p'",
  })
  void detectsEachBuiltInType(String type, String text) {
    assertThat(types(text)).containsExactly(type);
  }

  @Test
  void detectsPemKeyBlocksIncludingJsonEscapedOnes() {
    assertThat(types("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n")).containsExactly("PRIVATE_KEY");
    assertThat(types("\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n\"")).containsExactly("PRIVATE_KEY");
    assertThat(types("-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n")).containsExactly("PRIVATE_KEY");
  }

  @Test
  void gcpServiceAccountNeedsKeyMaterial() {
    String sa = "{\"type\": \"service_account\", \"project_id\": \"p\", \"private_key\": \"...\"}";
    assertThat(types(sa)).containsExactly("GCP_SERVICE_ACCOUNT");
    assertThat(types("{\"type\": \"service_account\", \"client_email\": \"x@p.iam.gserviceaccount.com\"}")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "AKIAIOSFODNN7EXAMPLE",
      "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "ghp_000000000000000000000000000000000000",
      "sk_test_aE6PwZPf1Qh6yYTWmE4lBYOv",
      "password = os.environ[\"DB_PASSWORD\"]",
      "password = getpass.getpass()",
      "api_key = settings.API_KEY",
      "const apiKey = process.env.API_KEY;",
      "password: ${DB_PASSWORD}",
      "password: \"{{ vault_db_password }}\"",
      "api_key: <your-api-key>",
      "password = changeme123",
      "token: string;",
      "password=None",
      "secret: https://vault.example.com/v1/secret/data/app",
      "PWD=/home/runner/work",
      "password = \"aaaaaaaaaaaa\"",
      "password = user_password2",
      "max_tokens = 4096",
      "token_type: bearer_token_type",
      "sk-learn-contrib-imbalanced-learn-extension-package",
      "if line.startswith('-----BEGIN PRIVATE KEY-----'):",
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
      "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
      "xAKIAUJZDE8GXD6NCF10E",
  })
  void placeholdersCodeReferencesAndLookAlikesAreNotFindings(String text) {
    assertThat(SCANNER.scan(text)).isEmpty();
  }

  @Test
  void findingSpansAndMasksTheValueOnly() {
    String text = "password: \"Tr0ub4dor&3xq!\"";
    SecretScanner.Finding f = SCANNER.scan(text).get(0);
    assertThat(text.substring(f.start(), f.end())).isEqualTo("Tr0ub4dor&3xq!");
    assertThat(f.masked()).isEqualTo("Tr0u******3xq!");
    assertThat(f.severity()).isEqualTo(SecretScanner.Severity.ERROR);
  }

  @Test
  void specificRuleWinsOverGenericOnTheSameSpan() {
    List<SecretScanner.Finding> fs = SCANNER.scan("token = \"ghp_sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8\"");
    assertThat(fs).extracting(SecretScanner.Finding::type).containsExactly("GITHUB_TOKEN");
  }

  @Test
  void findingsAreOrderedByPosition() {
    String text = "b=ghp_sMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8 a=AKIAUJZDE8GXD6NCF10E";
    assertThat(SCANNER.scan(text)).extracting(SecretScanner.Finding::type).containsExactly("GITHUB_TOKEN", "AWS_ACCESS_KEY");
  }

  @Test
  void maskKeepsFourAndFourAndHidesShortValuesEntirely() {
    assertThat(SecretScanner.mask("AKIAUJZDE8GXD6NCF10E")).isEqualTo("AKIA************F10E");
    assertThat(SecretScanner.mask("hunter2abc")).isEqualTo("**********");
    assertThat(SecretScanner.mask("abcd\n123456wxyz")).isEqualTo("abcd*******wxyz");
    assertThat(SecretScanner.mask("\nbcdefghijkl\t")).isEqualTo("?bcd*****jkl?");
  }

  @Property
  void githubTokensAreFoundAndNeverShownInFull(@ForAll @AlphaChars @NumericChars @StringLength(36) String body) {
    String token = "ghp_" + body;
    List<SecretScanner.Finding> fs = SCANNER.scan("export GH_TOKEN=" + token + "\n");
    if (body.chars().skip(20).distinct().count() > 4 && !body.toLowerCase().contains("example") && !body.toLowerCase().contains("xxxxxxxx")) {
      assertThat(fs).extracting(SecretScanner.Finding::type).containsExactly("GITHUB_TOKEN");
      assertThat(fs.get(0).masked()).doesNotContain(body.substring(4, 32)).hasSize(token.length());
    }
  }

  @Test
  void customPatternsAreAddedAndNamed() {
    SecretScanner s = SecretScanner.withCustomPatterns(List.of(
        new SecretScanner.CustomPattern("ACME_TOKEN", "acme_[0-9a-f]{32}", SecretScanner.Severity.WARN)));
    List<SecretScanner.Finding> fs = s.scan("t=acme_0123456789abcdef0123456789abcdef and AKIAUJZDE8GXD6NCF10E");
    assertThat(fs).extracting(SecretScanner.Finding::type).containsExactly("ACME_TOKEN", "AWS_ACCESS_KEY");
    assertThat(fs.get(0).severity().blocks()).isFalse();
  }

  @Test
  void badCustomPatternIsRejectedWithItsName() {
    assertThatThrownBy(() -> SecretScanner.withCustomPatterns(
        List.of(new SecretScanner.CustomPattern("broken", "([a-z", SecretScanner.Severity.ERROR))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"broken\"");
  }

  @Test
  void catastrophicCustomPatternFailsInsteadOfHanging() {
    SecretScanner s = SecretScanner.withCustomPatterns(
        List.of(new SecretScanner.CustomPattern("redos", "(.*a){20}", SecretScanner.Severity.ERROR)));
    // ~10^8 steps unbounded (Java memoises simpler shapes such as (a+)+b, not this one)
    assertThatThrownBy(() -> s.scan("a".repeat(19) + "b".repeat(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"redos\"");
  }

  @Test
  void severityParsesHushSpecNames() {
    assertThat(SecretScanner.Severity.parse("critical")).isEqualTo(SecretScanner.Severity.CRITICAL);
    assertThat(SecretScanner.Severity.parse("warn").blocks()).isFalse();
    assertThatThrownBy(() -> SecretScanner.Severity.parse("high")).hasMessageContaining("critical, error or warn");
  }
}
