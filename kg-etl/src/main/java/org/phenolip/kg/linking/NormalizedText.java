package org.phenolip.kg.linking;

/**
 * A text after {@link TextNormalizer}: its tokens, lower-cased and plural-folded, joined by one
 * space and padded with one space at each end ({@code " ventricular septal defect "}), so that a
 * dictionary key {@code " septal defect "} can only match whole tokens. Every token keeps the
 * span of the original characters it came from.
 */
public final class NormalizedText {
  private final String original;
  private final char[] buffer;     // the padded text; buffer[0, length) is valid
  private final int length;
  private String padded;           // made on first use (per-call object, benign race)
  private final int[] normStart;   // token i is buffer[normStart[i], normEnd[i])
  private final int[] normEnd;
  private final int[] tokenHash;   // String.hashCode of token i
  private final int[] origStart;   // token i came from original[origStart[i], origEnd[i])
  private final int[] origEnd;
  private final boolean[] breakAfter;
  private final int tokens;

  NormalizedText(String original, char[] buffer, int length, int[] normStart, int[] normEnd,
                 int[] tokenHash, int[] origStart, int[] origEnd, boolean[] breakAfter, int tokens) {
    this.original = original;
    this.buffer = buffer;
    this.length = length;
    this.normStart = normStart;
    this.normEnd = normEnd;
    this.tokenHash = tokenHash;
    this.origStart = origStart;
    this.origEnd = origEnd;
    this.breakAfter = breakAfter;
    this.tokens = tokens;
  }

  public String original() { return original; }

  /** Normalised tokens joined by single spaces, with a leading and a trailing space. */
  public String padded() {
    String p = padded;
    if (p == null) padded = p = new String(buffer, 0, length);
    return p;
  }

  char[] buffer() { return buffer; }

  int normStart(int i) { return normStart[i]; }

  int normEnd(int i) { return normEnd[i]; }

  int tokenHash(int i) { return tokenHash[i]; }

  /** The normalised tokens without the padding, e.g. {@code "ventricular septal defect"}. */
  public String normalized() {
    return length <= 2 ? "" : new String(buffer, 1, length - 2);
  }

  public int tokenCount() { return tokens; }

  public String token(int i) {
    return new String(buffer, normStart[check(i)], normEnd[i] - normStart[i]);
  }

  /** First original character of token i (inclusive). */
  public int originalStart(int i) { return origStart[check(i)]; }

  /** Last original character of token i (exclusive). */
  public int originalEnd(int i) { return origEnd[check(i)]; }

  /** A sentence or clause ends after token i ('.', '!', '?' or ';' before the next token). */
  public boolean breakAfter(int i) { return breakAfter[check(i)]; }

  /** Index of the token starting at padded position p, or -1 when no token starts there. */
  public int tokenStartingAt(int p) {
    int i = java.util.Arrays.binarySearch(normStart, 0, tokens, p);
    return i >= 0 ? i : -1;
  }

  /** Index of the token whose original span contains original character c, or -1. */
  public int tokenAtOriginal(int c) {
    int lo = 0, hi = tokens - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (origEnd[mid] <= c) lo = mid + 1;
      else if (origStart[mid] > c) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  private int check(int i) {
    if (i < 0 || i >= tokens) throw new IndexOutOfBoundsException("token " + i + " of " + tokens);
    return i;
  }
}
