package org.phenolip.eval.metrics;

import java.util.Arrays;

/**
 * Exact ranks and top-K lists of queries against candidates by cosine similarity (rows are
 * expected unit-length), computed block by block: only a {@code queryBlock x candidateBlock}
 * tile of scores exists at a time, never the full similarity matrix.
 *
 * <p>Rank rule: the rank of a query is the number of <em>wrong</em> candidates whose score is
 * at least the best correct candidate's score. Ties count against the query, so a collapsed
 * model that scores everything alike gets no credit from ties; other correct candidates never
 * push the rank down (several correct phenotypes: a hit if any is in the top K).
 *
 * <p>Top-K lists are ordered by score, ties by the smaller candidate index.
 */
public final class BlockRanker {
  public static final int DEFAULT_BLOCK = 256;

  private final int k;
  private final int block;

  public BlockRanker(int k, int block) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    if (block < 1) throw new IllegalArgumentException("block must be >= 1, got " + block);
    this.k = k;
    this.block = block;
  }

  public BlockRanker(int k) {
    this(k, DEFAULT_BLOCK);
  }

  /**
   * @param correct per query, the indices of its correct candidates (any order; may be empty,
   *     then its rank is -1)
   */
  public RankResult rank(float[][] queries, float[][] candidates, int[][] correct) {
    return rank(queries, candidates, correct, null);
  }

  /**
   * As {@link #rank(float[][], float[][], int[][])} but each query is scored only against the
   * candidates in {@code allowed[q]} (sorted or not; null = all), e.g. the phenotypes of the
   * image's own system in zero-shot classification. Correct candidates outside the allowed set
   * are ignored.
   */
  public RankResult rank(float[][] queries, float[][] candidates, int[][] correct, boolean[][] allowed) {
    int nq = queries.length, nc = candidates.length;
    if (correct.length != nq) throw new IllegalArgumentException("correct has " + correct.length + " rows for " + nq + " queries");
    int kk = Math.min(k, nc);
    int[][] sortedCorrect = new int[nq][];
    float[] best = new float[nq];
    int[] ranks = new int[nq];
    for (int q = 0; q < nq; q++) {
      int[] c = correct[q].clone();
      Arrays.sort(c);
      sortedCorrect[q] = c;
      float b = Float.NEGATIVE_INFINITY;
      boolean any = false;
      for (int j : c) {
        if (j < 0 || j >= nc) throw new IllegalArgumentException("query " + q + ": correct index " + j + " outside 0.." + (nc - 1));
        if (allowed != null && allowed[q] != null && !allowed[q][j]) continue;
        any = true;
        b = Math.max(b, Vectors.dot(queries[q], candidates[j]));
      }
      best[q] = b;
      ranks[q] = any ? 0 : -1;
    }
    TopK[] heaps = new TopK[nq];
    for (int q = 0; q < nq; q++) heaps[q] = new TopK(kk);
    for (int c0 = 0; c0 < nc; c0 += block) {
      int c1 = Math.min(nc, c0 + block);
      for (int q0 = 0; q0 < nq; q0 += block) {
        int q1 = Math.min(nq, q0 + block);
        for (int q = q0; q < q1; q++) {
          float[] qv = queries[q];
          boolean[] ok = allowed == null ? null : allowed[q];
          TopK h = heaps[q];
          boolean counting = ranks[q] >= 0;
          float bq = best[q];
          int[] cq = sortedCorrect[q];
          int r = 0;
          for (int j = c0; j < c1; j++) {
            if (ok != null && !ok[j]) continue;
            float s = Vectors.dot(qv, candidates[j]);
            h.offer(j, s);
            if (counting && s >= bq && Arrays.binarySearch(cq, j) < 0) r++;
          }
          if (counting) ranks[q] += r;
        }
      }
    }
    int[][] top = new int[nq][];
    float[][] topScores = new float[nq][];
    for (int q = 0; q < nq; q++) {
      top[q] = heaps[q].indices();
      topScores[q] = heaps[q].scores();
    }
    return new RankResult(ranks, top, topScores);
  }
}
