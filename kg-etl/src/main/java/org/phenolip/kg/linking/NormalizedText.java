package org.phenolip.kg.linking;

/**
 * A text after {@link TextNormalizer}: its tokens, lower-cased and plural-folded, joined by one
 * space and padded with one space at each end ({@code " ventricular septal defect "}), so that a
 * dictionary key {@code " septal defect "} can only match whole tokens. Every token keeps the
 * span of the original characters it came from.
 */
public final class NormalizedText {
  private final String original;
  private final String padded;
  private final int[] normStart;   // token i starts at padded.charAt(normStart[i])
  private final int[] origStart;   // token i came from original[origStart[i], origEnd[i])
  private final int[] origEnd;
  private final boolean[] breakAfter;
  private final int tokens;

  NormalizedText(String original, String padded, int[] normStart, int[] origStart, int[] origEnd,
                 boolean[] breakAfter, int tokens) {
    this.original = original;
    this.padded = padded;
    this.normStart = normStart;
    this.origStart = origStart;
    this.origEnd = origEnd;
    this.breakAfter = breakAfter;
    this.tokens = tokens;
  }

  public String original() { return original; }

  /** Normalised tokens joined by single spaces, with a leading and a trailing space. */
  public String padded() { return padded; }

  /** The normalised tokens without the padding, e.g. {@code "ventricular septal defect"}. */
  public String normalized() {
    return padded.length() <= 2 ? "" : padded.substring(1, padded.length() - 1);
  }

  public int tokenCount() { return tokens; }

  public String token(int i) {
    int s = normStart[check(i)];
    return padded.substring(s, padded.indexOf(' ', s));
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
