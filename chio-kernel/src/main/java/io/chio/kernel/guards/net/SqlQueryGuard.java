package io.chio.kernel.guards.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guards.net.SqlLexer.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * {@code sql-query}: database queries ({@code sql}/{@code query} calls) parsed with JSqlParser and
 * checked against the policy. Unparseable SQL is denied. Non-database calls pass.
 *
 * <p>Denied, in order: empty or over-long queries; text that databases read differently from the
 * parser ({@link SqlLexer}: MySQL {@code /*!} comments, nested comments, {@code --x}, {@code #},
 * {@code \'}); calls of a denied function or a denied keyword sequence anywhere outside literals
 * and comments ({@code pg_sleep(}, {@code EXEC xp_cmdshell}, {@code INTO OUTFILE}); SQL the parser
 * rejects; more than one statement (stacked queries) unless allowed; an operation outside {@code
 * allowed_operations} (a {@code SELECT ... INTO table} counts as CREATE); a table outside a
 * non-empty {@code table_allowlist} or inside {@code table_denylist}; any reference to a column
 * on {@code column_denylist}, a {@code *} / {@code t.*} / {@code RETURNING *} projection or a
 * PostgreSQL whole-row reference ({@code SELECT u FROM users u}) over a table with denied
 * columns (also {@code t.*} inside a function); {@code UPDATE}/{@code DELETE} whose WHERE is missing, references no column ({@code
 * WHERE 1=1}) or has a column-free OR branch ({@code WHERE id=5 OR 1=1}).
 *
 * <p>Parsing: JSqlParser's full grammar backtracks exponentially in parenthesis nesting, so it is
 * used only when the nesting is shallow (a lexical cost bound, about 15 ms worst case); deeper
 * queries get the restricted linear-time grammar, and are denied as too complex when it cannot
 * read them (it rejects some valid SQL such as {@code count(*)}). Parsing runs on the caller's
 * thread (no executor, no per-call threads); a stack overflow in the parser is a deny.
 *
 * <p>Config (absent key = default; a present list replaces the default):
 *
 * <ul>
 *   <li>{@code enabled} (true)
 *   <li>{@code allowed_operations}: default {@code [SELECT]} (read-only). Known: {@link
 *       #OPERATIONS}. The reference denies everything until an allowlist is given; we default to
 *       read-only instead so the guard is useful out of the box.
 *   <li>{@code table_allowlist}: default empty (any table). Entries are names or globs, optionally
 *       qualified ({@code public.orders}, {@code analytics.*}); a qualified entry only admits
 *       queries that qualify the table as well.
 *   <li>{@code table_denylist}: default {@link #DEFAULT_TABLE_DENYLIST} (credential catalogs). An
 *       unqualified entry matches the table in any schema.
 *   <li>{@code column_denylist}: default empty. {@code ssn} (any table) or {@code users.ssn}.
 *   <li>{@code denied_functions}: default {@link #DEFAULT_DENIED_FUNCTIONS}. A one-word entry
 *       (may be dotted: {@code utl_http.request}) matches a call {@code name(} or {@code
 *       EXEC|EXECUTE|CALL name}; a multi-word entry ({@code into outfile}) matches that keyword
 *       sequence. Case-insensitive.
 *   <li>{@code allow_multiple_statements} (false)
 *   <li>{@code require_where_for_mutations} (true)
 *   <li>{@code max_query_length}: characters, default 65536.
 * </ul>
 */
public final class SqlQueryGuard implements Guard {
  public static final String NAME = "sql-query";

  public static final Set<String> OPERATIONS =
      Set.of(
          "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT", "EXECUTE", "EXPLAIN", "SHOW",
          "DESCRIBE", "USE", "SET", "TRANSACTION", "OTHER");

  public static final List<String> DEFAULT_TABLE_DENYLIST =
      List.of("pg_shadow", "pg_authid", "pg_user_mapping", "pg_user_mappings", "mysql.user", "sys.sql_logins", "syslogins", "sysxlogins");

  public static final List<String> DEFAULT_DENIED_FUNCTIONS =
      List.of(
          // time-based probes and denial of service
          "pg_sleep", "pg_sleep_for", "pg_sleep_until", "sleep", "benchmark", "dbms_lock.sleep", "dbms_pipe.receive_message", "waitfor delay",
          // server-side file access
          "load_file", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "lo_import", "lo_export", "into outfile",
          "into dumpfile", "load data", "load_extension", "readfile", "writefile",
          // command execution and outbound connections
          "xp_cmdshell", "xp_dirtree", "xp_fileexist", "xp_regread", "sp_oacreate", "sp_oamethod", "sp_execute_external_script", "sys_exec",
          "sys_eval", "from program", "to program", "dblink", "dblink_exec", "dblink_connect", "openrowset", "opendatasource", "openquery",
          "utl_http.request", "utl_inaddr.get_host_address", "utl_inaddr.get_host_name",
          // server state
          "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "set_config", "query_to_xml");

  public static final int DEFAULT_MAX_QUERY_LENGTH = 64 * 1024;

  /** Budget for the full grammar: sum over every '(' of 4^depth (calibrated: ~15 ms at the limit). */
  static final long FULL_GRAMMAR_BUDGET = 1024;

  private static final Set<String> KEYS =
      Set.of(
          "enabled", "allowed_operations", "table_allowlist", "table_denylist", "column_denylist", "denied_functions", "allow_multiple_statements",
          "require_where_for_mutations", "max_query_length");

  private final boolean enabled;
  private final Set<String> operations;
  private final List<TablePattern> tableAllow;
  private final List<TablePattern> tableDeny;
  private final List<ColumnPattern> columnDeny;
  private final Set<String> deniedCalls;
  private final List<String[]> deniedSequences;
  private final boolean allowMultiple;
  private final boolean requireWhere;
  private final long maxLength;

  private SqlQueryGuard(
      boolean enabled,
      Set<String> operations,
      List<TablePattern> tableAllow,
      List<TablePattern> tableDeny,
      List<ColumnPattern> columnDeny,
      Set<String> deniedCalls,
      List<String[]> deniedSequences,
      boolean allowMultiple,
      boolean requireWhere,
      long maxLength) {
    this.enabled = enabled;
    this.operations = operations;
    this.tableAllow = tableAllow;
    this.tableDeny = tableDeny;
    this.columnDeny = columnDeny;
    this.deniedCalls = deniedCalls;
    this.deniedSequences = deniedSequences;
    this.allowMultiple = allowMultiple;
    this.requireWhere = requireWhere;
    this.maxLength = maxLength;
  }

  public static SqlQueryGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader c = ConfigReader.of(NAME, config, KEYS);
    Set<String> ops = new HashSet<>();
    for (String op : c.strings("allowed_operations", List.of("SELECT"))) {
      String norm = op.toUpperCase(Locale.ROOT);
      if (!OPERATIONS.contains(norm)) {
        throw c.error("allowed_operations", "unknown operation \"" + op + "\"; known: " + String.join(", ", new TreeSet<>(OPERATIONS)));
      }
      ops.add(norm);
    }
    List<TablePattern> allow = new ArrayList<>();
    for (String t : c.strings("table_allowlist", List.of())) {
      allow.add(TablePattern.compile(t, c, "table_allowlist"));
    }
    List<TablePattern> deny = new ArrayList<>();
    for (String t : c.strings("table_denylist", DEFAULT_TABLE_DENYLIST)) {
      deny.add(TablePattern.compile(t, c, "table_denylist"));
    }
    List<ColumnPattern> cols = new ArrayList<>();
    for (String col : c.strings("column_denylist", List.of())) {
      cols.add(ColumnPattern.compile(col, c));
    }
    Set<String> calls = new HashSet<>();
    List<String[]> sequences = new ArrayList<>();
    for (String f : c.strings("denied_functions", DEFAULT_DENIED_FUNCTIONS)) {
      String[] words = f.toLowerCase(Locale.ROOT).split("\\s+");
      for (String w : words) {
        if (!w.matches("[\\p{L}_@][\\p{L}\\p{N}_$@]*(\\.[\\p{L}_@][\\p{L}\\p{N}_$@]*)*")) {
          throw c.error("denied_functions", "\"" + f + "\" is not a function name or keyword sequence");
        }
      }
      if (words.length == 1) {
        calls.add(words[0]);
      } else {
        for (String w : words) {
          if (w.indexOf('.') >= 0) {
            throw c.error("denied_functions", "\"" + f + "\": keyword sequences cannot contain dotted names");
          }
        }
        sequences.add(words);
      }
    }
    return new SqlQueryGuard(
        c.bool("enabled", true),
        Set.copyOf(ops),
        List.copyOf(allow),
        List.copyOf(deny),
        List.copyOf(cols),
        Set.copyOf(calls),
        List.copyOf(sequences),
        c.bool("allow_multiple_statements", false),
        c.bool("require_where_for_mutations", true),
        c.positive("max_query_length", DEFAULT_MAX_QUERY_LENGTH));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    if (!(context.action() instanceof ToolAction.DatabaseQuery q)) {
      return GuardResult.allow("not a database query");
    }
    String sql = q.query();
    if (sql == null || sql.isBlank()) {
      return GuardResult.deny("empty SQL query");
    }
    if (sql.length() > maxLength) {
      return GuardResult.deny("SQL query longer than max_query_length (" + maxLength + " characters)");
    }
    try {
      return decide(sql);
    } catch (StackOverflowError e) {
      // Parser and walker recurse per nesting level; a pathological query must not kill the caller.
      return GuardResult.deny("SQL is too deeply nested to analyse safely");
    }
  }

  private GuardResult decide(String sql) {
    SqlLexer lexed = SqlLexer.lex(sql);
    if (lexed.hazard() != null) {
      return GuardResult.deny("SQL rejected: " + lexed.hazard());
    }
    List<Token> tokens = lexed.tokens();
    String denied = deniedCall(tokens);
    if (denied != null) {
      return GuardResult.deny("SQL uses denied function or keyword \"" + denied + "\"");
    }
    Statements statements;
    try {
      statements = parse(sql, tokens);
    } catch (TooComplexException e) {
      return GuardResult.deny("SQL is too deeply nested to analyse safely");
    } catch (Exception e) {
      return GuardResult.deny("unparseable SQL", "parser: " + firstLine(e.getMessage()));
    }
    if (statements == null || statements.isEmpty()) {
      return GuardResult.deny("unparseable SQL (no statement)");
    }
    if (statements.size() > 1 && !allowMultiple) {
      return GuardResult.deny("multiple SQL statements (stacked queries) are not allowed");
    }
    Set<String> tables = new LinkedHashSet<>();
    Set<String> ops = new LinkedHashSet<>();
    boolean star = false;
    Set<String> wholeRowCandidates = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Statement st : statements) {
      String op = operation(st);
      if (!operations.contains(op)) {
        return GuardResult.deny("SQL operation " + op + " is not allowed");
      }
      ops.add(op);
      SqlWalker walker = new SqlWalker();
      try {
        tables.addAll(walker.getTables(st));
      } catch (RuntimeException e) {
        return GuardResult.deny("cannot determine the tables a " + op + " statement touches", "analyser: " + firstLine(e.getMessage()));
      }
      if (walker.selectInto && !operations.contains("CREATE")) {
        return GuardResult.deny("SELECT ... INTO writes a table (needs operation CREATE)");
      }
      star |= walker.star;
      wholeRowCandidates.addAll(walker.unqualifiedColumns);
      names.addAll(walker.aliasesAndNames);
      if (requireWhere) {
        String missing = whereProblem(st);
        if (missing != null) {
          return GuardResult.deny(missing);
        }
      }
    }
    List<String[]> tableParts = new ArrayList<>(tables.size());
    for (String t : tables) {
      String[] parts = tableParts(t);
      tableParts.add(parts);
      String shown = String.join(".", parts);
      for (TablePattern p : tableDeny) {
        if (p.matches(parts, true)) {
          return GuardResult.deny("table \"" + shown + "\" is denied (matches \"" + p.original() + "\")");
        }
      }
      if (!tableAllow.isEmpty() && tableAllow.stream().noneMatch(p -> p.matches(parts, false))) {
        return GuardResult.deny("table \"" + shown + "\" is not on the table allowlist");
      }
    }
    if (!columnDeny.isEmpty()) {
      String col = columnProblem(tokens, tableParts, star, wholeRowCandidates, names);
      if (col != null) {
        return GuardResult.deny(col);
      }
    }
    return GuardResult.allow(String.join("+", ops) + " on " + tables);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static final class TooComplexException extends Exception {
    private static final long serialVersionUID = 1L;
  }

  // Shallow queries get the full grammar (it accepts more, e.g. count(*)); deep ones only the
  // linear-time restricted grammar, and are refused when that grammar cannot read them.
  private static Statements parse(String sql, List<Token> tokens) throws Exception {
    if (nestingCost(tokens) <= FULL_GRAMMAR_BUDGET) {
      return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true).Statements();
    }
    try {
      return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements();
    } catch (Exception restrictedGrammarFailed) {
      throw new TooComplexException();
    }
  }

  // The full grammar's cost grows about fourfold per nesting level of each parenthesised group.
  static long nestingCost(List<Token> tokens) {
    long cost = 0;
    int depth = 0;
    for (Token t : tokens) {
      if (t.isPunct('(')) {
        depth++;
        cost += 1L << (2 * Math.min(depth, 20));
        if (cost > FULL_GRAMMAR_BUDGET) {
          return cost;
        }
      } else if (t.isPunct(')')) {
        depth = Math.max(0, depth - 1);
      }
    }
    return cost;
  }

  private String deniedCall(List<Token> tokens) {
    int n = tokens.size();
    for (int i = 0; i < n; i++) {
      Token t = tokens.get(i);
      if (!t.isName()) {
        continue;
      }
      boolean call = i + 1 < n && tokens.get(i + 1).isPunct('(');
      if (call) {
        // name(  with any qualifier chain before it: a.b.name(
        String dotted = t.text();
        if (deniedCalls.contains(dotted)) {
          return dotted;
        }
        int j = i - 1;
        while (j >= 1 && tokens.get(j).isPunct('.') && tokens.get(j - 1).isName()) {
          dotted = tokens.get(j - 1).text() + "." + dotted;
          if (deniedCalls.contains(dotted)) {
            return dotted;
          }
          j -= 2;
        }
      }
      if (t.kind() == SqlLexer.Kind.WORD && (t.text().equals("exec") || t.text().equals("execute") || t.text().equals("call"))) {
        // EXEC name, EXEC a.b.name, EXEC master..name: every suffix of the qualified name
        List<String> parts = new ArrayList<>();
        boolean expectName = true;
        for (int j = i + 1; j < n; j++) {
          Token u = tokens.get(j);
          if (u.isName() && expectName) {
            parts.add(u.text());
            expectName = false;
          } else if (u.isPunct('.')) {
            expectName = true;
          } else {
            break;
          }
        }
        for (int k = 0; k < parts.size(); k++) {
          String dotted = String.join(".", parts.subList(k, parts.size()));
          if (deniedCalls.contains(dotted)) {
            return dotted;
          }
        }
      }
      for (String[] seq : deniedSequences) {
        if (t.kind() == SqlLexer.Kind.WORD && t.text().equals(seq[0]) && i + seq.length <= n) {
          boolean all = true;
          for (int k = 1; k < seq.length && all; k++) {
            Token u = tokens.get(i + k);
            all = u.kind() == SqlLexer.Kind.WORD && u.text().equals(seq[k]);
          }
          if (all) {
            return String.join(" ", seq);
          }
        }
      }
    }
    return null;
  }

  static String operation(Statement st) {
    if (st instanceof Select) {
      return "SELECT";
    }
    if (st instanceof Insert) {
      return "INSERT";
    }
    if (st instanceof Update) {
      return "UPDATE";
    }
    if (st instanceof Delete) {
      return "DELETE";
    }
    if (st instanceof Merge) {
      return "MERGE";
    }
    if (st instanceof Upsert) {
      return "UPSERT";
    }
    if (st instanceof Drop) {
      return "DROP";
    }
    if (st instanceof Truncate) {
      return "TRUNCATE";
    }
    if (st instanceof Grant) {
      return "GRANT";
    }
    if (st instanceof Execute) {
      return "EXECUTE";
    }
    if (st instanceof ExplainStatement) {
      return "EXPLAIN";
    }
    if (st instanceof ShowStatement || st instanceof ShowTablesStatement || st instanceof ShowColumnsStatement) {
      return "SHOW";
    }
    if (st instanceof DescribeStatement) {
      return "DESCRIBE";
    }
    if (st instanceof UseStatement) {
      return "USE";
    }
    if (st instanceof SetStatement || st instanceof ResetStatement) {
      return "SET";
    }
    if (st instanceof Commit || st instanceof RollbackStatement || st instanceof SavepointStatement) {
      return "TRANSACTION";
    }
    String pkg = st.getClass().getPackageName();
    if (pkg.startsWith("net.sf.jsqlparser.statement.create")) {
      return "CREATE";
    }
    if (pkg.startsWith("net.sf.jsqlparser.statement.alter")) {
      return "ALTER";
    }
    return "OTHER";
  }

  private static String whereProblem(Statement st) {
    Expression where;
    String op;
    if (st instanceof Update u) {
      where = u.getWhere();
      op = "UPDATE";
    } else if (st instanceof Delete d) {
      where = d.getWhere();
      op = "DELETE";
    } else {
      return null;
    }
    if (where == null) {
      return op + " without a WHERE clause";
    }
    if (!referencesColumn(where)) {
      return op + " with a WHERE clause that references no column (always true or false)";
    }
    List<Expression> branches = new ArrayList<>();
    orBranches(where, branches);
    if (branches.size() > 1) {
      for (Expression b : branches) {
        if (!referencesColumn(b)) {
          return op + " with a WHERE clause whose OR branch references no column (" + Evidence.quote(b.toString()) + ")";
        }
      }
    }
    return null;
  }

  private static void orBranches(Expression e, List<Expression> out) {
    Expression x = unwrap(e);
    if (x instanceof OrExpression or) {
      orBranches(or.getLeftExpression(), out);
      orBranches(or.getRightExpression(), out);
    } else {
      out.add(x);
    }
  }

  private static Expression unwrap(Expression e) {
    Expression x = e;
    while (true) {
      if (x instanceof Parenthesis p) {
        x = p.getExpression();
      } else if (x instanceof ParenthesedExpressionList<?> l && l.size() == 1) {
        x = l.get(0);
      } else {
        return x;
      }
    }
  }

  private static boolean referencesColumn(Expression e) {
    SqlWalker w = new SqlWalker();
    w.getTables(e);
    return w.columnCount > 0;
  }

  private String columnProblem(List<Token> tokens, List<String[]> tables, boolean star, Set<String> unqualified, Set<String> names) {
    int n = tokens.size();
    for (int i = 0; i < n; i++) {
      Token t = tokens.get(i);
      if (!t.isName() || (i + 1 < n && tokens.get(i + 1).isPunct('('))) {
        continue;
      }
      for (ColumnPattern p : columnDeny) {
        if (p.column().matches(t.text()) && p.appliesTo(tables)) {
          return "column \"" + t.text() + "\" is denied (matches \"" + p.original() + "\")";
        }
      }
    }
    // RETURNING * and t.* anywhere (also inside functions: to_jsonb(u.*)) expand to every column.
    boolean lexicalStar = false;
    for (int i = 0; i + 1 < n; i++) {
      Token a = tokens.get(i);
      if (tokens.get(i + 1).isPunct('*') && (a.isPunct('.') || (a.kind() == SqlLexer.Kind.WORD && a.text().equals("returning")))) {
        lexicalStar = true;
      }
    }
    for (ColumnPattern p : columnDeny) {
      if (!p.appliesTo(tables)) {
        continue;
      }
      if (star || lexicalStar) {
        return "* selects denied column \"" + p.original() + "\"; list the columns explicitly";
      }
      for (String candidate : unqualified) {
        if (names.contains(candidate) && p.tableNamed(candidate, tables)) {
          return "whole-row reference \"" + candidate + "\" includes denied column \"" + p.original() + "\"";
        }
      }
    }
    return null;
  }

  /** A table name split into lower-cased, unquoted parts: {@code "Public"."Users"} -> [public, users]. */
  static String[] tableParts(String name) {
    String[] raw = name.split("\\.");
    String[] out = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = SqlWalker.unquote(raw[i]);
    }
    return out;
  }

  /** A possibly qualified table name glob: {@code orders}, {@code public.orders}, {@code analytics.*}. */
  record TablePattern(String original, Glob[] parts) {
    static TablePattern compile(String s, ConfigReader c, String key) throws GuardConfigException {
      String[] raw = s.toLowerCase(Locale.ROOT).split("\\.", -1);
      Glob[] g = new Glob[raw.length];
      for (int i = 0; i < raw.length; i++) {
        String part = SqlWalker.unquote(raw[i]);
        if (part.isEmpty()) {
          throw c.error(key, "\"" + s + "\" has an empty name part");
        }
        g[i] = new Glob(part);
      }
      return new TablePattern(s, g);
    }

    /**
     * Compares trailing parts. A table written with fewer parts than the pattern ({@code users}
     * vs {@code public.users}) matches only when {@code lenient} (deny lists: it may resolve to
     * that schema); allow lists need the table qualified at least as much as the pattern.
     */
    boolean matches(String[] table, boolean lenient) {
      int k = parts.length;
      int m = table.length;
      if (m < k && !lenient) {
        return false;
      }
      int cmp = Math.min(k, m);
      for (int i = 1; i <= cmp; i++) {
        if (!parts[k - i].matches(table[m - i])) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code ssn} (any table) or {@code users.ssn} / {@code public.users.ssn}. */
  record ColumnPattern(String original, TablePattern table, Glob column) {
    static ColumnPattern compile(String s, ConfigReader c) throws GuardConfigException {
      String lower = s.toLowerCase(Locale.ROOT);
      int dot = lower.lastIndexOf('.');
      String col = SqlWalker.unquote(lower.substring(dot + 1));
      if (col.isEmpty()) {
        throw c.error("column_denylist", "\"" + s + "\" has no column name");
      }
      TablePattern table = dot < 0 ? null : TablePattern.compile(s.substring(0, dot), c, "column_denylist");
      return new ColumnPattern(s, table, new Glob(col));
    }

    /** True when the statement touches a table this entry is about (any table when unqualified). */
    boolean appliesTo(List<String[]> tables) {
      if (table == null) {
        return !tables.isEmpty();
      }
      for (String[] t : tables) {
        if (table.matches(t, true)) {
          return true;
        }
      }
      return false;
    }

    /** True when {@code name} is one of the statement's tables (or an alias) this entry covers. */
    boolean tableNamed(String name, List<String[]> tables) {
      if (table == null) {
        return true;
      }
      return table.matches(new String[] {name}, true) || appliesTo(tables);
    }
  }
}
