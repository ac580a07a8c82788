package org.phenolip.eval.metrics;

/** A bounded min-heap keeping the K best (score, index) pairs; ties keep the smaller index. */
final class TopK {
  private final int k;
  private final int[] idx;
  private final float[] score;
  private int size;

  TopK(int k) {
    this.k = k;
    this.idx = new int[k];
    this.score = new float[k];
  }

  /** True if (s, i) ranks below (t, j): lower score, or equal score and larger index. */
  private static boolean worse(float s, int i, float t, int j) {
    return s < t || (s == t && i > j);
  }

  /** True when no candidate scoring at most {@code s} can enter the full heap (NaN: false). */
  boolean rejects(float s) {
    return size == k && s < score[0];
  }

  /**
   * The score a candidate must reach to be worth an {@link #offer}: the lowest kept score once
   * the heap is full, else -∞ ({@code !(s < floor())} is {@code !rejects(s)}, NaN included).
   */
  float floor() {
    return size < k ? Float.NEGATIVE_INFINITY : k == 0 ? Float.POSITIVE_INFINITY : score[0];
  }

  int size() { return size; }

  /** How many pairs the heap keeps at most (K). */
  int capacity() { return k; }

  /** The lowest kept score (the heap's root); only when not empty. */
  float min() { return score[0]; }

  /** The r-th best kept score, 1-based (r ≤ size). */
  float kthBest(int r) {
    float[] s = java.util.Arrays.copyOf(score, size);
    java.util.Arrays.sort(s);
    return s[size - r];
  }

  void offer(int i, float s) {
    if (k == 0) return;
    if (size < k) {
      idx[size] = i;
      score[size] = s;
      siftUp(size++);
    } else if (worse(score[0], idx[0], s, i)) {
      idx[0] = i;
      score[0] = s;
      siftDown(0);
    }
  }

  private void siftUp(int p) {
    while (p > 0) {
      int parent = (p - 1) / 2;
      if (!worse(score[p], idx[p], score[parent], idx[parent])) break;
      swap(p, parent);
      p = parent;
    }
  }

  private void siftDown(int p) {
    while (true) {
      int l = 2 * p + 1, r = l + 1, m = p;
      if (l < size && worse(score[l], idx[l], score[m], idx[m])) m = l;
      if (r < size && worse(score[r], idx[r], score[m], idx[m])) m = r;
      if (m == p) return;
      swap(p, m);
      p = m;
    }
  }

  private void swap(int a, int b) {
    int ti = idx[a];
    idx[a] = idx[b];
    idx[b] = ti;
    float ts = score[a];
    score[a] = score[b];
    score[b] = ts;
  }

  /** The kept indices in heap order (no sort: for re-offering elsewhere, where order does not matter). */
  int[] unorderedIndices() {
    return java.util.Arrays.copyOf(idx, size);
  }

  /**
   * Indices into {@code indices[row]} and scores into {@code scores[row]}, best first: the
   * orders of {@link #indices()} and {@link #scores()}, with one sort for both.
   */
  void sortedInto(int[][] indices, float[][] scores, int row) {
    Integer[] order = order();
    int[] ix = new int[size];
    float[] sc = new float[size];
    for (int i = 0; i < size; i++) {
      ix[i] = idx[order[i]];
      sc[i] = score[order[i]];
    }
    indices[row] = ix;
    scores[row] = sc;
  }

  /** The kept scores in heap order, matching {@link #unorderedIndices()}. */
  float[] unorderedScores() {
    return java.util.Arrays.copyOf(score, size);
  }

  /** Indices best first. */
  int[] indices() {
    Integer[] order = order();
    int[] out = new int[size];
    for (int i = 0; i < size; i++) out[i] = idx[order[i]];
    return out;
  }

  float[] scores() {
    Integer[] order = order();
    float[] out = new float[size];
    for (int i = 0; i < size; i++) out[i] = score[order[i]];
    return out;
  }

  private Integer[] order() {
    Integer[] o = new Integer[size];
    for (int i = 0; i < size; i++) o[i] = i;
    java.util.Arrays.sort(o, (a, b) -> worse(score[a], idx[a], score[b], idx[b]) ? 1 : (worse(score[b], idx[b], score[a], idx[a]) ? -1 : 0));
    return o;
  }
}
