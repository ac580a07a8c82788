package org.phenolip.model.text;

/**
 * One tokenised text at a fixed length: ids ([CLS] … [SEP] then [PAD]s) and the attention mask
 * (1 for real tokens, 0 for padding). {@code truncated} says whether tokens were cut.
 */
public record Encoding(long[] ids, long[] mask, boolean truncated) {
  /** Number of real tokens, [CLS] and [SEP] included. */
  public int length() {
    int n = 0;
    for (long m : mask) {
      n += (int) m;
    }
    return n;
  }
}
