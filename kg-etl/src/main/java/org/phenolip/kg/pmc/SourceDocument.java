package org.phenolip.kg.pmc;

import java.io.Serializable;
import java.util.Locale;

/**
 * One input as bytes, so that reading is a pure function that runs inside Spark's mapPartitions.
 *
 * @param source a stable name for the input (path or URI), copied into article/reject rows
 * @param kind   loose XML or an OA package, from the file name
 */
public record SourceDocument(String source, Kind kind, byte[] bytes) implements Serializable {
  public enum Kind { XML, PACKAGE }

  /** The kind from the name ({@code .tar.gz}/{@code .tgz} → package), or null if not a PMC input. */
  public static Kind kindOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) return Kind.PACKAGE;
    if (n.endsWith(".nxml") || n.endsWith(".xml")) return Kind.XML;
    return null;
  }

  /** Wraps bytes read elsewhere (e.g. Spark's binaryFiles); the kind comes from the name. */
  public static SourceDocument of(String source, byte[] bytes) {
    Kind k = kindOf(source);
    if (k == null) throw new IllegalArgumentException("not a PMC input (.nxml, .xml, .tar.gz, .tgz): " + source);
    return new SourceDocument(source, k, bytes);
  }

  /** The last path segment of the source, the article id of last resort. */
  public String fileName() {
    return fileName(source);
  }

  static String fileName(String source) {
    int bang = source.lastIndexOf('!');
    String s = bang >= 0 ? source.substring(bang + 1) : source;
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    return slash >= 0 ? s.substring(slash + 1) : s;
  }
}
