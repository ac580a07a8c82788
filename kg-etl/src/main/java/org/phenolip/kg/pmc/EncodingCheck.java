package org.phenolip.kg.pmc;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a document's bytes are valid in its encoding before the XML parser sees them, for the
 * encodings where that can fail and that JATS uses (UTF-8, the default, and US-ASCII). It gives a
 * byte offset and line, and it keeps the JDK parser from printing "[Fatal Error]" lines to stderr
 * (its decoder reports through a default handler that cannot be replaced through StAX).
 */
final class EncodingCheck {
  private EncodingCheck() {}

  private static final Pattern DECL = Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']+)[\"']");

  /** A description of the first invalid byte, or null when the bytes decode (or are not checked). */
  static String firstError(byte[] b) {
    if (b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE)
        || b[0] == 0 || b[1] == 0)) {
      return null; // UTF-16/32: the parser decodes it
    }
    int start = b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF ? 3 : 0;
    String enc = declared(b, start);
    if (enc == null || enc.equals("utf-8") || enc.equals("utf8")) return utf8(b, start);
    if (enc.equals("us-ascii") || enc.equals("ascii")) return ascii(b, start);
    return null;
  }

  static String declared(byte[] b, int start) {
    int n = Math.min(b.length - start, 256);
    Matcher m = DECL.matcher(new String(b, start, n, StandardCharsets.ISO_8859_1));
    return m.find() ? m.group(1).trim().toLowerCase(Locale.ROOT) : null;
  }

  private static String ascii(byte[] b, int i) {
    for (; i < b.length; i++) if (b[i] < 0) return at(b, i, 1, "byte not in US-ASCII");
    return null;
  }

  /** RFC 3629 validation: no overlong forms, no surrogates, nothing above U+10FFFF. */
  static String utf8(byte[] b, int i) {
    int n = b.length;
    while (i < n) {
      int c = b[i];
      if (c >= 0) { i++; continue; }
      c &= 0xff;
      int need;
      int lo = 0x80, hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) need = 1;
      else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0; else if (c == 0xED) hi = 0x9F; // overlong / surrogates
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90; else if (c == 0xF4) hi = 0x8F; // overlong / > U+10FFFF
      } else {
        return at(b, i, 1, "invalid UTF-8 lead byte");
      }
      if (i + need >= n) return at(b, i, n - i, "truncated UTF-8 sequence");
      int b1 = b[i + 1] & 0xff;
      if (b1 < lo || b1 > hi) return at(b, i, 2, "invalid UTF-8 sequence");
      for (int k = 2; k <= need; k++) {
        int bk = b[i + k] & 0xff;
        if (bk < 0x80 || bk > 0xBF) return at(b, i, k + 1, "invalid UTF-8 sequence");
      }
      i += need + 1;
    }
    return null;
  }

  private static String at(byte[] b, int off, int len, String what) {
    int line = 1, col = 1;
    for (int k = 0; k < off; k++) {
      if (b[k] == '\n') { line++; col = 1; } else if ((b[k] & 0xC0) != 0x80) col++;
    }
    StringBuilder hex = new StringBuilder();
    for (int k = off; k < Math.min(b.length, off + Math.max(len, 1)); k++) {
      hex.append(String.format(" 0x%02X", b[k] & 0xff));
    }
    return "line " + line + ":" + col + " (byte " + off + "): " + what + hex;
  }
}
