package org.phenolip.eval.report;

import java.util.ArrayList;
import java.util.List;

/** A small table rendered as Markdown or HTML (cells are plain text, HTML-escaped). */
final class Table {
  final String title;
  final List<String> header;
  final List<List<String>> rows = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  Table(String title, List<String> header) {
    this.title = title;
    this.header = header;
  }

  Table row(List<String> cells) {
    if (cells.size() != header.size()) throw new IllegalArgumentException(title + ": row of " + cells.size() + " cells for " + header.size() + " columns");
    rows.add(cells);
    return this;
  }

  Table note(String text) {
    notes.add(text);
    return this;
  }

  String markdown() {
    StringBuilder b = new StringBuilder("### ").append(title).append("\n\n");
    b.append("| ").append(String.join(" | ", header)).append(" |\n|");
    for (int i = 0; i < header.size(); i++) b.append(i == 0 ? "---|" : "---:|");
    b.append('\n');
    for (List<String> r : rows) b.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
    b.append('\n');
    for (String n : notes) b.append(n).append("\n\n");
    return b.toString();
  }

  String html() {
    StringBuilder b = new StringBuilder("<h3>").append(esc(title)).append("</h3>\n<table>\n<tr>");
    for (String h : header) b.append("<th>").append(esc(h)).append("</th>");
    b.append("</tr>\n");
    for (List<String> r : rows) {
      b.append("<tr>");
      for (int i = 0; i < r.size(); i++) b.append(i == 0 ? "<td>" : "<td class=\"n\">").append(esc(r.get(i))).append("</td>");
      b.append("</tr>\n");
    }
    b.append("</table>\n");
    for (String n : notes) b.append("<p><small>").append(esc(n)).append("</small></p>\n");
    return b.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
