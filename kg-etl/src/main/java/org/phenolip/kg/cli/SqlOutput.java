package org.phenolip.kg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.phenolip.kg.tables.PlainColumns;

/** Prints a query result as an aligned table, CSV (RFC 4180, header first) or JSON lines. */
final class SqlOutput {
  enum Format {
    TABLE, CSV, JSON;

    static Format of(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown --format '" + s + "' (table, csv or json)");
      }
    }
  }

  private SqlOutput() {}

  /** Prints at most {@code limit} rows (0: all) and returns how many were printed. */
  static long print(Dataset<Row> df, Format format, long limit, int truncate, PrintWriter out) {
    Dataset<Row> d = limit > 0 ? df.limit((int) Math.min(limit, Integer.MAX_VALUE)) : df;
    return switch (format) {
      case JSON -> json(d, out);
      case CSV -> csv(PlainColumns.of(d), out);
      case TABLE -> table(PlainColumns.of(d), truncate, out);
    };
  }

  private static long json(Dataset<Row> df, PrintWriter out) {
    long n = 0;
    for (Iterator<String> it = df.toJSON().toLocalIterator(); it.hasNext(); n++) out.print(it.next() + "\n");
    return n;
  }

  private static long csv(Dataset<Row> df, PrintWriter out) {
    String[] names = df.columns();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < names.length; i++) line.append(i == 0 ? "" : ",").append(csvCell(names[i]));
    out.print(line.append("\r\n"));
    long n = 0;
    for (Iterator<Row> it = df.toLocalIterator(); it.hasNext(); n++) {
      Row r = it.next();
      line.setLength(0);
      for (int i = 0; i < names.length; i++) line.append(i == 0 ? "" : ",").append(r.isNullAt(i) ? "" : csvCell(String.valueOf(r.get(i))));
      out.print(line.append("\r\n"));
    }
    return n;
  }

  static String csvCell(String s) {
    boolean quote = s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static long table(Dataset<Row> df, int truncate, PrintWriter out) {
    String[] names = df.columns();
    List<String[]> cells = new ArrayList<>();
    for (Iterator<Row> it = df.toLocalIterator(); it.hasNext(); ) {
      Row r = it.next();
      String[] c = new String[names.length];
      for (int i = 0; i < names.length; i++) c[i] = cut(r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i)), truncate);
      cells.add(c);
    }
    int[] w = new int[names.length];
    for (int i = 0; i < names.length; i++) w[i] = names[i].length();
    for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
    StringBuilder rule = new StringBuilder("+");
    for (int x : w) rule.append("-".repeat(x + 2)).append('+');
    out.println(rule);
    out.println(row(names, w));
    out.println(rule);
    for (String[] c : cells) out.println(row(c, w));
    out.println(rule);
    out.println(cells.size() + (cells.size() == 1 ? " row" : " rows"));
    return cells.size();
  }

  private static String row(String[] c, int[] w) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < c.length; i++) b.append(' ').append(c[i]).append(" ".repeat(w[i] - c[i].length())).append(" |");
    return b.toString();
  }

  private static String cut(String s, int truncate) {
    String one = s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return truncate > 0 && one.length() > truncate ? one.substring(0, Math.max(0, truncate - 3)) + "..." : one;
  }
}
