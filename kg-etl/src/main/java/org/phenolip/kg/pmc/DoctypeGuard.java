package org.phenolip.kg.pmc;

import java.nio.charset.StandardCharsets;

/**
 * Looks at a document's whole DOCTYPE, byte by byte, before any parser sees it: the StAX DTD
 * event only shows the parser's last buffer of a long internal subset (~8 KB), so an
 * {@code <!ENTITY} declared early in a long subset went unseen. Scans the prolog up to the
 * root element, skipping comments, processing instructions and quoted literals, and reports
 * the first {@code <!ENTITY} declaration inside a DOCTYPE.
 */
final class DoctypeGuard {
  private DoctypeGuard() {}

  /** The 1-based line of the first entity declaration in the DOCTYPE, or -1 when there is none. */
  static int entityDeclarationLine(byte[] bytes) {
    CharSequence s = prolog(bytes);
    int line = 1;
    int i = 0;
    int n = s.length();
    boolean inDoctype = false;
    boolean inSubset = false;
    char quote = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\n') line++;
      if (quote != 0) {
        if (c == quote) quote = 0;
        i++;
        continue;
      }
      if (at(s, "<!--", i)) {
        int end = indexOf(s, "-->", i + 4);
        if (end < 0) return -1; // the parser will report the unclosed comment
        line += count(s, i, end);
        i = end + 3;
        continue;
      }
      if (at(s, "<?", i)) {
        int end = indexOf(s, "?>", i + 2);
        if (end < 0) return -1;
        line += count(s, i, end);
        i = end + 2;
        continue;
      }
      if (!inDoctype) {
        if (at(s, "<!DOCTYPE", i)) {
          inDoctype = true;
          i += 9;
          continue;
        }
        if (c == '<') return -1; // the root element: the prolog is over
      } else {
        if (at(s, "<!ENTITY", i)) return line;
        if (c == '"' || c == '\'') quote = c;
        else if (c == '[') inSubset = true;
        else if (c == ']') inSubset = false;
        else if (c == '>' && !inSubset) inDoctype = false;
      }
      i++;
    }
    return -1;
  }

  private static boolean at(CharSequence s, String token, int i) {
    if (i + token.length() > s.length()) return false;
    for (int k = 0; k < token.length(); k++) if (s.charAt(i + k) != token.charAt(k)) return false;
    return true;
  }

  private static int indexOf(CharSequence s, String token, int from) {
    for (int i = from; i + token.length() <= s.length(); i++) if (at(s, token, i)) return i;
    return -1;
  }

  private static int count(CharSequence s, int from, int to) {
    int k = 0;
    for (int j = from; j < to; j++) if (s.charAt(j) == '\n') k++;
    return k;
  }

  /** The bytes as text: UTF-16 when a BOM says so, else an ASCII-compatible view without a copy (markup is ASCII). */
  private static CharSequence prolog(byte[] b) {
    if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) return new String(b, StandardCharsets.UTF_16BE);
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) return new String(b, StandardCharsets.UTF_16LE);
    return new CharSequence() {
      @Override public int length() { return b.length; }
      @Override public char charAt(int index) { return (char) (b[index] & 0xff); }
      @Override public CharSequence subSequence(int start, int end) { return new String(b, start, end - start, StandardCharsets.ISO_8859_1); }
    };
  }
}
