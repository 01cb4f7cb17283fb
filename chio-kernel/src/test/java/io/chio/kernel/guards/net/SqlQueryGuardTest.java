package io.chio.kernel.guards.net;

import static io.chio.kernel.guards.net.Calls.guard;
import static io.chio.kernel.guards.net.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guards.net.SqlLexer.Kind;
import io.chio.kernel.guards.net.SqlLexer.Token;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SqlQueryGuardTest {
  private static final Guard GUARD = defaults();

  private static Guard defaults() {
    try {
      return SqlQueryGuard.create(JsonNodeFactory.instance.objectNode());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static GuardResult sql(String q) throws Exception {
    return run(GUARD, "run_sql", JsonNodeFactory.instance.objectNode().put("sql", q).toString());
  }

  @Test
  void lexerDropsCommentsAndKeepsLiteralsWhole() {
    List<Token> t = SqlLexer.lex("SELECT /* c */ a -- x\n, 'it''s' , $q$ pg_sleep( $q$, \"Col\" FROM t").tokens();
    assertThat(t)
        .containsExactly(
            new Token(Kind.WORD, "select"),
            new Token(Kind.WORD, "a"),
            new Token(Kind.PUNCT, ","),
            new Token(Kind.STRING, "it's"),
            new Token(Kind.PUNCT, ","),
            new Token(Kind.STRING, " pg_sleep( "),
            new Token(Kind.PUNCT, ","),
            new Token(Kind.QUOTED, "col"),
            new Token(Kind.WORD, "from"),
            new Token(Kind.WORD, "t"));
  }

  @Test
  void lexerHazards() {
    assertThat(SqlLexer.lex("SELECT 1 /*! DROP */").hazard()).contains("executable comment");
    assertThat(SqlLexer.lex("SELECT 1 /* a /* b */").hazard()).contains("nested");
    assertThat(SqlLexer.lex("SELECT 1 /* open").hazard()).contains("unterminated");
    assertThat(SqlLexer.lex("SELECT 'open").hazard()).contains("unterminated string");
    assertThat(SqlLexer.lex("SELECT \"open").hazard()).contains("unterminated quoted identifier");
    assertThat(SqlLexer.lex("SELECT $x$ open").hazard()).contains("dollar");
    assertThat(SqlLexer.lex("SELECT 1 --1").hazard()).contains("--");
    assertThat(SqlLexer.lex("SELECT 1 # x").hazard()).contains("#");
    assertThat(SqlLexer.lex("SELECT 'a\\'").hazard()).contains("backslash");
    assertThat(SqlLexer.lex("SELECT \"a\\\"\"").hazard()).contains("backslash");
    assertThat(SqlLexer.lex("SELECT 1 -- fine\nFROM t WHERE j #> '{a}' = $1 AND p = $$x$$").hazard()).isNull();
    assertThat(SqlLexer.lex("SELECT 'C:\\path\\file'").hazard()).isNull();
  }

  @Test
  void nestingCostGrowsFourfoldPerLevel() {
    assertThat(SqlQueryGuard.nestingCost(SqlLexer.lex("SELECT f(a), g(b)").tokens())).isEqualTo(8);
    assertThat(SqlQueryGuard.nestingCost(SqlLexer.lex("SELECT f(g(h(x)))").tokens())).isEqualTo(4 + 16 + 64);
    assertThat(SqlQueryGuard.nestingCost(SqlLexer.lex("SELECT ')))(((' , f(x)").tokens())).isEqualTo(4);
  }

  @Test
  void hostileNestingIsDecidedQuickly() throws Exception {
    sql("SELECT count(*) FROM warmup WHERE (a = 1)");
    List<String> hostile =
        List.of(
            "SELECT count(*) FROM t WHERE " + "(".repeat(40) + "a = 1" + ")".repeat(40),
            "SELECT " + "(".repeat(200) + "1" + ")".repeat(200),
            "SELECT " + "count(*), ".repeat(400) + "1 FROM t",
            "SELECT " + "((((a)))) AS x, ".repeat(300) + "count(*) FROM t",
            "SELECT count(*) FROM t WHERE " + "(a = 1 OR (b = 2 AND (c = 3))) AND ".repeat(500) + "d = 4");
    for (String q : hostile) {
      long t0 = System.nanoTime();
      GuardResult r = sql(q);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("%s... took %d ms (%s)", q.substring(0, 40), ms, r).isLessThan(3000);
    }
  }

  @Test
  void stackOverflowInTheParserIsADeny() throws Exception {
    String deep = "SELECT " + "f(".repeat(20_000) + "1" + ")".repeat(20_000);
    Guard g = guard("sql-query", "{\"max_query_length\": 1000000}");
    GuardResult r = run(g, "run_sql", JsonNodeFactory.instance.objectNode().put("sql", deep).toString());
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void operationsClassifyEveryStatementKind() throws Exception {
    Guard all = guard("sql-query", "{\"allowed_operations\": [\"SELECT\"], \"allow_multiple_statements\": true}");
    String[][] cases = {
      {"UPDATE t SET a = 1 WHERE id = 2", "UPDATE"},
      {"MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.a = s.a", "MERGE"},
      {"CREATE TABLE x (id int)", "CREATE"},
      {"ALTER TABLE x ADD COLUMN y int", "ALTER"},
      {"GRANT SELECT ON t TO bob", "GRANT"},
      {"SHOW TABLES", "SHOW"},
      {"SELECT 1; DELETE FROM t WHERE id = 1", "DELETE"},
    };
    for (String[] c : cases) {
      GuardResult r = run(all, "run_sql", JsonNodeFactory.instance.objectNode().put("sql", c[0]).toString());
      assertThat(r).as(c[0]).isInstanceOf(GuardResult.Deny.class);
      assertThat(((GuardResult.Deny) r).reason()).as(c[0]).contains("operation " + c[1]);
    }
  }

  @Provide
  Arbitrary<String> deniedCall() {
    Arbitrary<String> name =
        Arbitraries.of(SqlQueryGuard.DEFAULT_DENIED_FUNCTIONS.stream().filter(f -> !f.contains(" ")).toList())
            .flatMap(n -> Arbitraries.of(true, false).list().ofSize(n.length()).map(flags -> randomCase(n, flags)));
    Arbitrary<String> gap = Arbitraries.of("", " ", "\n", "/**/", " /* x */ ", "\t");
    Arbitrary<String> qualifier = Arbitraries.of("", "pg_catalog.", "\"sys\".", "dbo.");
    return net.jqwik.api.Combinators.combine(qualifier, name, gap)
        .as((q, n, g) -> "SELECT id FROM t WHERE x = 1 AND " + q + quoteMaybe(n) + g + "(1, 2)");
  }

  private static String quoteMaybe(String n) {
    return n.contains(".") ? n : (n.hashCode() % 3 == 0 ? "\"" + n + "\"" : n);
  }

  private static String randomCase(String s, List<Boolean> upper) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      String c = String.valueOf(s.charAt(i));
      sb.append(upper.get(i) ? c.toUpperCase(Locale.ROOT) : c);
    }
    return sb.toString();
  }

  @Property(tries = 300)
  void everyDeniedFunctionIsDeniedHoweverItIsSpelled(@ForAll("deniedCall") String query) throws Exception {
    GuardResult r = sql(query);
    assertThat(r).as(query).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).as(query).contains("denied function");
  }

  @Property(tries = 200)
  void deniedNamesInsideLiteralsOrCommentsAreNotCalls(@ForAll("deniedCall") String query) throws Exception {
    String inLiteral = "SELECT id FROM t WHERE note = '" + query.replace("'", "''") + "'";
    assertThat(sql(inLiteral)).as(inLiteral).isInstanceOf(GuardResult.Allow.class);
  }
}
