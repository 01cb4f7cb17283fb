package io.chio.kernel.scope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.Constraint;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.json.Json;
import io.chio.kernel.GovernedIntent;
import io.chio.kernel.ModelMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeMatcherTest {
  final ScopeMatcher matcher = new ScopeMatcher();

  static ToolGrant grant(String server, String tool, Constraint... cs) {
    return ToolGrant.of(server, tool, List.of(Operation.INVOKE)).withConstraints(List.of(cs));
  }

  static CallView call(String tool, String argsJson) {
    return new CallView("srv", tool, (ObjectNode) Json.parse(argsJson), null, null);
  }

  boolean admits(Constraint c, String tool, String argsJson) {
    return matcher.match(Scope.ofTools(List.of(grant("srv", tool, c))), call(tool, argsJson)).matched();
  }

  boolean admits(Constraint c, String argsJson) {
    return admits(c, "t", argsJson);
  }

  @Test
  void serverToolAndInvokeMustFit() {
    Scope s = Scope.ofTools(List.of(grant("other", "*"), grant("*", "write"), ToolGrant.of("srv", "read", List.of(Operation.READ_RESULT))));
    ScopeMatcher.Result r = matcher.match(s, call("read", "{}"));
    assertThat(r.matched()).isFalse();
    assertThat(r.rejections()).containsExactly("grant 2: does not allow invoke");
    assertThat(matcher.match(Scope.ofTools(List.of(grant("*", "*"))), call("anything", "{}")).match().grantIndex()).isZero();
  }

  @Test
  void mostSpecificGrantWins() {
    Scope s = Scope.ofTools(List.of(
        grant("*", "*"),
        grant("*", "read"),
        grant("srv", "*"),
        grant("srv", "read"),
        grant("srv", "read", new Constraint.MaxLength(100)),
        grant("srv", "read", new Constraint.MaxLength(100))));
    assertThat(matcher.match(s, call("read", "{\"path\":\"a\"}")).match().grantIndex()).isEqualTo(4);
    assertThat(matcher.match(s, call("read", "{\"path\":\"" + "x".repeat(200) + "\"}")).match().grantIndex()).isEqualTo(3);
    assertThat(matcher.match(Scope.ofTools(List.of(grant("*", "read"), grant("srv", "*"))), call("read", "{}")).match().grantIndex()).isEqualTo(1);
    assertThat(matcher.match(Scope.ofTools(List.of(grant("*", "*"), grant("*", "read"))), call("read", "{}")).match().grantIndex()).isEqualTo(1);
  }

  @Test
  void pathPrefix() {
    Constraint c = new Constraint.PathPrefix("/workspace/safe");
    assertThat(admits(c, "{\"path\":\"/workspace/safe/report.txt\"}")).isTrue();
    assertThat(admits(c, "{\"path\":\"/workspace/safe\"}")).isTrue();
    assertThat(admits(c, "{\"path\":\"/workspace/safe/../secret.txt\"}")).isFalse();
    assertThat(admits(c, "{\"path\":\"/workspace/safeX/report.txt\"}")).isFalse();
    assertThat(admits(c, "{\"path\":\"workspace/safe/a\"}")).isFalse();
    assertThat(admits(c, "{\"path\":\"/../../workspace/safe/a\"}")).isFalse();
    assertThat(admits(c, "{\"src\":\"/workspace/safe/a\",\"dest\":\"/etc/cron.d/x\"}")).isFalse();
    assertThat(admits(c, "{\"text\":\"hello\"}")).isFalse();
    assertThat(admits(c, "{\"files\":[{\"file_path\":\"/workspace/safe/a\"},{\"file_path\":\"/tmp/b\"}]}")).isFalse();
    assertThat(admits(c, "{\"path\":\"/workspace//safe/./x\"}")).isTrue();
  }

  @Test
  void domains() {
    Constraint exact = new Constraint.DomainExact("api.github.com");
    assertThat(admits(exact, "{\"url\":\"https://API.github.com./repos\"}")).isTrue();
    assertThat(admits(exact, "{\"url\":\"https://api.github.com.evil.io/\"}")).isFalse();
    assertThat(admits(exact, "{\"url\":\"https://evil.io/?x=https://api.github.com\"}")).isFalse();
    assertThat(admits(exact, "{\"url\":\"https://api.github.com@evil.io/\"}")).isFalse();
    assertThat(admits(exact, "{\"path\":\"report.txt\"}")).isFalse();
    assertThat(admits(exact, "{\"host\":\"api.github.com\"}")).isTrue();
    Constraint glob = new Constraint.DomainGlob("*.example.com");
    assertThat(admits(glob, "{\"url\":\"https://a.b.example.com/x\"}")).isTrue();
    assertThat(admits(glob, "{\"url\":\"https://example.com/x\"}")).isFalse();
    assertThat(admits(glob, "{\"url\":\"https://badexample.com/x\"}")).isFalse();
    assertThat(admits(glob, "{\"urls\":[\"https://a.example.com\",\"http://169.254.169.254/\"]}")).isFalse();
  }

  @Test
  void regexAndLengths() {
    assertThat(admits(new Constraint.RegexMatch("^ticket-[0-9]+$"), "{\"id\":\"ticket-42\",\"note\":\"x\"}")).isTrue();
    assertThat(admits(new Constraint.RegexMatch("^ticket-[0-9]+$"), "{\"id\":\"ticket-x\"}")).isFalse();
    assertThat(admits(new Constraint.RegexMatch("(unclosed"), "{\"id\":\"x\"}")).isFalse();
    assertThat(admits(new Constraint.MaxLength(3), "{\"a\":\"abc\",\"b\":[\"xy\"]}")).isTrue();
    assertThat(admits(new Constraint.MaxLength(3), "{\"a\":\"\u00e9\u00e9\"}")).isFalse();
    assertThat(admits(new Constraint.MaxArgsSize(9), "{\"a\":\"b\"}")).isTrue();
    assertThat(admits(new Constraint.MaxArgsSize(8), "{ \"a\" : \"bc\" }")).isFalse();
  }

  @Test
  void catastrophicRegexFailsWithinItsBudget() {
    ScopeMatcher fast = new ScopeMatcher(Duration.ofMillis(20));
    Scope s = Scope.ofTools(List.of(grant("srv", "t", new Constraint.RegexMatch("^(.*a){12}$"))));
    long start = System.nanoTime();
    ScopeMatcher.Result r = fast.match(s, call("t", "{\"x\":\"" + "a".repeat(40) + "!\"}"));
    assertThat(r.matched()).isFalse();
    assertThat(r.rejections().get(0)).contains("time budget");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void customRequiresEveryOccurrenceToMatch() {
    Constraint c = new Constraint.Custom("tenant", "acme");
    assertThat(admits(c, "{\"tenant\":\"acme\",\"q\":1}")).isTrue();
    assertThat(admits(c, "{\"filter\":{\"tenant\":\"acme\"}}")).isTrue();
    assertThat(admits(c, "{\"tenant\":\"other\",\"x\":{\"tenant\":\"acme\"}}")).isFalse();
    assertThat(admits(c, "{\"q\":1}")).isFalse();
    assertThat(admits(c, "{\"tenant\":[\"acme\"]}")).isFalse();
  }

  @Test
  void audienceAndMemoryStores() {
    Constraint a = new Constraint.AudienceAllowlist(List.of("#ops", "alice@example.com"));
    assertThat(admits(a, "{\"channel\":\"#ops\",\"text\":\"hi\"}")).isTrue();
    assertThat(admits(a, "{\"to\":[\"alice@example.com\",\"#ops\"]}")).isTrue();
    assertThat(admits(a, "{\"to\":[\"alice@example.com\",\"eve@evil.io\"]}")).isFalse();
    assertThat(admits(a, "{\"recipient\":{\"channel\":\"#ops\"}}")).isFalse();
    assertThat(admits(a, "{\"recipients\":[]}")).isFalse();
    assertThat(admits(a, "{\"text\":\"no recipients\"}")).isTrue();
    Constraint m = new Constraint.MemoryStoreAllowlist(List.of("session-cache"));
    assertThat(admits(m, "{\"store\":\"session-cache\"}")).isTrue();
    assertThat(admits(m, "{\"collection\":\"global\"}")).isFalse();
    Constraint d = new Constraint.MemoryWriteDenyPatterns(List.of("(?i)password"));
    assertThat(admits(d, "{\"content\":\"remember the PASSWORD is x\"}")).isFalse();
    assertThat(admits(d, "{\"content\":\"remember the milk\"}")).isTrue();
  }

  @Test
  void sqlConstraintsUseTheParsedQuery() {
    Constraint tables = new Constraint.TableAllowlist(List.of("orders", "public.users"));
    assertThat(admits(tables, "{\"sql\":\"SELECT id FROM orders o JOIN public.users u ON u.id = o.uid\"}")).isTrue();
    assertThat(admits(tables, "{\"sql\":\"SELECT id FROM orders WHERE uid IN (SELECT uid FROM payroll)\"}")).isFalse();
    assertThat(admits(tables, "{\"sql\":\"WITH x AS (SELECT * FROM orders) SELECT * FROM x\"}")).isTrue();
    assertThat(admits(tables, "{\"sql\":\"SELECT 1; DROP TABLE secrets\"}")).isFalse();
    assertThat(admits(tables, "{\"sql\":\"SELECT id FROM users\"}")).isFalse();
    assertThat(admits(tables, "{\"sql\":\"this is not sql\"}")).isFalse();
    assertThat(admits(tables, "{\"path\":\"/x\"}")).isFalse();
    assertThat(admits(tables, "{\"sql\":42}")).isFalse();

    Constraint cols = new Constraint.ColumnDenylist(List.of("ssn", "users.password"));
    assertThat(admits(cols, "{\"query\":\"SELECT id, email FROM users\"}")).isTrue();
    assertThat(admits(cols, "{\"query\":\"SELECT u.SSN FROM users u\"}")).isFalse();
    assertThat(admits(cols, "{\"query\":\"SELECT id FROM users WHERE password = 'x'\"}")).isFalse();
    assertThat(admits(cols, "{\"query\":\"SELECT * FROM users\"}")).isFalse();
    assertThat(admits(cols, "{\"query\":\"SELECT u.* FROM users u\"}")).isFalse();

    Constraint ro = new Constraint.OperationClass(Constraint.SqlOperationClass.READ_ONLY);
    assertThat(admits(ro, "{\"sql\":\"SELECT a FROM t\"}")).isTrue();
    assertThat(admits(ro, "{\"sql\":\"DELETE FROM t\"}")).isFalse();
    assertThat(admits(ro, "{\"sql\":\"SELECT a FROM t FOR UPDATE\"}")).isFalse();
    Constraint rw = new Constraint.OperationClass(Constraint.SqlOperationClass.READ_WRITE);
    assertThat(admits(rw, "{\"sql\":\"UPDATE t SET a = 1 WHERE id = 2\"}")).isTrue();
    assertThat(admits(rw, "{\"sql\":\"DROP TABLE t\"}")).isFalse();
    assertThat(admits(new Constraint.OperationClass(Constraint.SqlOperationClass.ADMIN), "{\"sql\":\"DROP TABLE t\"}")).isTrue();

    Constraint rows = new Constraint.MaxRowsReturned(100);
    assertThat(admits(rows, "{\"sql\":\"SELECT a FROM t LIMIT 50\"}")).isTrue();
    assertThat(admits(rows, "{\"sql\":\"SELECT a FROM t LIMIT 500\"}")).isFalse();
    assertThat(admits(rows, "{\"sql\":\"SELECT a FROM t\"}")).isFalse();
    assertThat(admits(rows, "{\"sql\":\"SELECT a FROM t FETCH FIRST 10 ROWS ONLY\"}")).isTrue();
    assertThat(admits(rows, "{\"sql\":\"INSERT INTO t (a) VALUES (1)\"}")).isTrue();
  }

  @Test
  void intentAndModelConstraints() {
    Scope s = Scope.ofTools(List.of(grant("srv", "pay", new Constraint.GovernedIntentRequired())));
    ObjectNode args = Json.object();
    assertThat(matcher.match(s, new CallView("srv", "pay", args, null, null)).matched()).isFalse();
    assertThat(matcher.match(s, new CallView("srv", "pay", args, new GovernedIntent(5, "USD"), null)).matched()).isTrue();

    Constraint mc = new Constraint.ModelConstraint(List.of("claude-x"), Constraint.ModelSafetyTier.HIGH);
    Scope m = Scope.ofTools(List.of(grant("srv", "t", mc)));
    assertThat(matcher.match(m, new CallView("srv", "t", args, null, null)).matched()).isFalse();
    assertThat(matcher.match(m, new CallView("srv", "t", args, null, new ModelMetadata("claude-x", Constraint.ModelSafetyTier.RESTRICTED))).matched()).isTrue();
    assertThat(matcher.match(m, new CallView("srv", "t", args, null, new ModelMetadata("claude-x", Constraint.ModelSafetyTier.STANDARD))).matched()).isFalse();
    assertThat(matcher.match(m, new CallView("srv", "t", args, null, new ModelMetadata("other", Constraint.ModelSafetyTier.HIGH))).matched()).isFalse();
  }

  @Test
  void unevaluableAndUnknownConstraintsFailClosed() {
    for (Constraint c : List.<Constraint>of(new Constraint.SellerExact("acme"), new Constraint.MaxTransactionAmountUsd("10.00"),
        new Constraint.RequireDualApproval(true), new Constraint.ContentReviewTier(Constraint.ReviewTier.BASIC),
        new Constraint.MinimumRuntimeAssurance(Constraint.RuntimeAssuranceTier.NONE),
        new Constraint.MinimumAutonomyTier(Constraint.AutonomyTier.DIRECT),
        new Constraint.Unknown("geo_fence", Json.parse("{\"type\":\"geo_fence\",\"value\":\"eu\"}")))) {
      ScopeMatcher.Result r = matcher.match(Scope.ofTools(List.of(grant("srv", "t", c))), call("t", "{\"amount\":\"1\"}"));
      assertThat(r.matched()).as(c.type()).isFalse();
      assertThat(r.rejections().get(0)).contains(c.type()).contains("cannot evaluate");
    }
  }

  @Test
  void approvalThresholdDoesNotExcludeTheGrant() {
    Scope s = Scope.ofTools(List.of(grant("srv", "pay", new Constraint.RequireApprovalAbove(100), new Constraint.RequireApprovalAbove(50))));
    ScopeMatcher.Result r = matcher.match(s, call("pay", "{}"));
    assertThat(r.matched()).isTrue();
    assertThat(r.match().approvalThreshold()).isEqualTo(50);
  }
}
