package io.chio.kernel.guards.net;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Walks a parsed statement (every subquery, CTE, join and set operation, via the parser's own
 * table finder) and records, next to the table names: whether any SELECT list has {@code *} or
 * {@code t.*} ({@code count(*)} is not a projection and does not count), whether a {@code SELECT
 * ... INTO} writes a table, the aliases tables are given, and the unqualified column names used
 * (to spot PostgreSQL whole-row references such as {@code SELECT u FROM users u}). One use per
 * instance.
 */
final class SqlWalker extends TablesNamesFinder<Void> {
  boolean star;
  boolean selectInto;
  final Set<String> aliasesAndNames = new HashSet<>();
  final Set<String> unqualifiedColumns = new HashSet<>();
  int columnCount;

  @Override
  public <S> Void visit(PlainSelect plainSelect, S context) {
    if (plainSelect.getSelectItems() != null) {
      for (SelectItem<?> item : plainSelect.getSelectItems()) {
        if (item.getExpression() instanceof AllColumns) {
          star = true;
        }
      }
    }
    if (plainSelect.getIntoTables() != null && !plainSelect.getIntoTables().isEmpty()) {
      selectInto = true;
    }
    return super.visit(plainSelect, context);
  }

  @Override
  public <S> Void visit(Table table, S context) {
    if (table.getAlias() != null && table.getAlias().getName() != null) {
      aliasesAndNames.add(unquote(table.getAlias().getName()));
    }
    if (table.getName() != null) {
      aliasesAndNames.add(unquote(table.getName()));
    }
    return super.visit(table, context);
  }

  @Override
  public <S> Void visit(Column column, S context) {
    String name = column.getColumnName() == null ? "" : unquote(column.getColumnName());
    boolean literal = column.getTable() == null && (name.equals("true") || name.equals("false"));
    if (!literal) {
      columnCount++;
      if (column.getTable() == null || column.getTable().getName() == null) {
        unqualifiedColumns.add(name);
      }
    }
    return super.visit(column, context);
  }

  /** Lower-cased name without SQL quoting ({@code "x"}, {@code `x`}, {@code [x]}). */
  static String unquote(String name) {
    String s = name.strip();
    if (s.length() >= 2) {
      char f = s.charAt(0);
      char l = s.charAt(s.length() - 1);
      if ((f == '"' && l == '"') || (f == '`' && l == '`') || (f == '[' && l == ']')) {
        s = s.substring(1, s.length() - 1);
      }
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
