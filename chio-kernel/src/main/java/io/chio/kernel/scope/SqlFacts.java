package io.chio.kernel.scope;

import io.chio.core.capability.Constraint.SqlOperationClass;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Top;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * What a call's SQL touches, from a real parse (JSqlParser): the tables (CTE names excluded), the
 * columns named, whether any {@code *} is selected, the operation class and row limits of each
 * statement. SQL that does not parse has no facts: every SQL constraint then fails.
 */
final class SqlFacts {
  record StatementFacts(SqlOperationClass operationClass, Long rowLimit, boolean returnsRows) {}

  private final Set<String> tables = new LinkedHashSet<>();
  private final Set<String> columns = new LinkedHashSet<>();
  private boolean selectsStar;
  private final List<StatementFacts> statements = new ArrayList<>();

  private SqlFacts() {}

  /** @throws IllegalArgumentException when the SQL does not parse (the message says so) */
  static SqlFacts parse(String sql) {
    Statements parsed;
    try {
      // Parsed on the calling thread: the executor-based entry points spawn a thread per call.
      parsed = CCJSqlParserUtil.newParser(sql).Statements();
    } catch (Exception | StackOverflowError e) {
      throw new IllegalArgumentException("SQL does not parse");
    }
    if (parsed == null || parsed.isEmpty()) {
      throw new IllegalArgumentException("SQL contains no statement");
    }
    SqlFacts facts = new SqlFacts();
    for (Statement s : parsed) {
      Collector c = new Collector();
      for (String t : c.getTables(s)) {
        facts.tables.add(normalize(t));
      }
      facts.columns.addAll(c.columns);
      facts.selectsStar |= c.star;
      facts.statements.add(classify(s));
    }
    return facts;
  }

  Set<String> tables() {
    return tables;
  }

  Set<String> columns() {
    return columns;
  }

  boolean selectsStar() {
    return selectsStar;
  }

  List<StatementFacts> statements() {
    return statements;
  }

  private static StatementFacts classify(Statement s) {
    if (s instanceof Select sel) {
      // SELECT ... INTO creates or fills a table; SELECT ... FOR UPDATE takes write locks.
      boolean writes = sel.getForMode() != null;
      if (sel instanceof PlainSelect ps) {
        writes |= ps.getIntoTables() != null && !ps.getIntoTables().isEmpty();
      }
      return new StatementFacts(writes ? SqlOperationClass.READ_WRITE : SqlOperationClass.READ_ONLY, rowLimit(sel), true);
    }
    if (s instanceof Insert || s instanceof Update || s instanceof Delete || s instanceof Merge || s instanceof Upsert) {
      return new StatementFacts(SqlOperationClass.READ_WRITE, null, false);
    }
    return new StatementFacts(SqlOperationClass.ADMIN, null, false);
  }

  /** The smallest explicit literal row limit (LIMIT, FETCH FIRST or TOP), or null when there is none. */
  private static Long rowLimit(Select sel) {
    Long limit = null;
    Limit l = sel.getLimit();
    if (l != null) {
      limit = min(limit, literal(l.getRowCount()));
    }
    Fetch f = sel.getFetch();
    if (f != null) {
      limit = min(limit, literal(f.getExpression()));
    }
    if (sel instanceof PlainSelect ps) {
      Top top = ps.getTop();
      if (top != null && !top.isPercentage()) {
        limit = min(limit, literal(top.getExpression()));
      }
    }
    return limit;
  }

  private static Long literal(Expression e) {
    return e instanceof LongValue v && v.getValue() >= 0 ? v.getValue() : null;
  }

  private static Long min(Long a, Long b) {
    if (b == null) {
      return a;
    }
    return a == null ? b : Math.min(a, b);
  }

  /** Lower-cased, with identifier quotes removed from every dotted part. */
  static String normalize(String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (c != '"' && c != '`' && c != '[' && c != ']') {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  static String lastPart(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  /** Table finder that also records column names and star selections. */
  private static final class Collector extends TablesNamesFinder<Void> {
    final List<String> columns = new ArrayList<>();
    boolean star;

    Collector() {
      init(true);
    }

    @Override
    public <S> Void visit(Column column, S context) {
      columns.add(lastPart(normalize(column.getColumnName())));
      return super.visit(column, context);
    }

    @Override
    public <S> Void visit(AllColumns allColumns, S context) {
      star = true;
      return super.visit(allColumns, context);
    }

    @Override
    public <S> Void visit(AllTableColumns allTableColumns, S context) {
      star = true;
      return super.visit(allTableColumns, context);
    }
  }
}
