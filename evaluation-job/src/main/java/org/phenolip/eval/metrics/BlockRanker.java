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

  /**
   * Where tile scores come from. {@link #AUTO}: a native matrix multiply ({@link NativeTiles})
   * when the product is large enough to pay for the upload and PyTorch loads, else Java.
   */
  public enum Scores { JAVA, NATIVE, AUTO, /** PyTorch's tiles even where a system BLAS loads. */ PYTORCH }

  /** Below this many multiply-adds (about 200 x 200 x 512) the Java kernel is as fast. */
  static final long NATIVE_MIN_MACS = 1L << 24;
  /** Native tiles: rows x columns of one matrix multiply (16 MiB of scores at most). */
  static final int NATIVE_ROWS = 1024;
  static final int NATIVE_COLS = 4096;

  private final int k;
  private final int block;
  private final Scores scores;

  public BlockRanker(int k, int block) {
    this(k, block, Scores.AUTO);
  }

  public BlockRanker(int k, int block, Scores scores) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    if (block < 1) throw new IllegalArgumentException("block must be >= 1, got " + block);
    this.k = k;
    this.block = block;
    this.scores = scores;
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
    NativeTiles tiles = useNative(nq, nc, queries) ? NativeTiles.open(queries, candidates, scores != Scores.PYTORCH) : null;
    if (tiles != null) {
      try (tiles) {
        rankNative(tiles, queries, candidates, sortedCorrect, allowed, best, ranks, heaps);
      }
    } else {
      rankJava(queries, candidates, sortedCorrect, allowed, best, ranks, heaps);
    }
    int[][] top = new int[nq][];
    float[][] topScores = new float[nq][];
    for (int q = 0; q < nq; q++) {
      top[q] = heaps[q].indices();
      topScores[q] = heaps[q].scores();
    }
    return new RankResult(ranks, top, topScores);
  }

  /** Which native kernel large rankings use here: "blas:JNIBLAS", "pytorch" or "none". */
  public static String nativeKernel() {
    return NativeTiles.kernel();
  }

  private boolean useNative(int nq, int nc, float[][] queries) {
    if (scores == Scores.JAVA || nq == 0 || nc == 0) return false;
    if (scores == Scores.NATIVE || scores == Scores.PYTORCH) return true;
    return (long) nq * nc * queries[0].length >= NATIVE_MIN_MACS;
  }

  private void rankJava(float[][] queries, float[][] candidates, int[][] sortedCorrect, boolean[][] allowed,
                        float[] best, int[] ranks, TopK[] heaps) {
    int nq = queries.length, nc = candidates.length;
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
  }

  /** Extra tile-score candidates kept per query, so that the final top-K rarely needs a rescan. */
  static final int MARGIN = 16;

  /**
   * Native tiles, exact answers. A tile score s and the Java score e of the same pair differ by
   * at most 2·γ_d·|q|·|c| (γ_d = d·u/(1 - d·u), u = 2⁻²⁴, for any summation order); {@code band}
   * below is 4x that.
   * <ul>
   *   <li>Rank: a pair is counted from s when s is outside the band around the query's best
   *       correct score, else re-scored with {@link Vectors#dot}.</li>
   *   <li>Top-K: the K + {@link #MARGIN} best by s are kept, then re-scored with
   *       {@link Vectors#dot} and the K best of those taken. That is the Java answer whenever
   *       the (K + MARGIN)-th s is more than 2·band below the K-th (nothing left out can reach
   *       the top K); otherwise (dense ties, a collapsed model) that query's top-K is recomputed
   *       with the Java kernel over all candidates: slow, still exact.</li>
   * </ul>
   * Rows of a tile are scanned in parallel; each query's heap and rank belong to one row.
   */
  private void rankNative(NativeTiles tiles, float[][] queries, float[][] candidates, int[][] sortedCorrect,
                          boolean[][] allowed, float[] best, int[] ranks, TopK[] heaps) {
    int nq = queries.length, nc = candidates.length, d = queries[0].length;
    int kk = Math.min(k, nc), wide = Math.min(nc, kk + MARGIN);
    double u = Math.ulp(1.0f) / 2;
    double gamma = d * u / (1 - d * u);
    float[] qNorm = norms(queries);
    float cMax = 0;
    for (float[] c : candidates) cMax = Math.max(cMax, norm(c));
    float[] band = new float[nq];
    for (int q = 0; q < nq; q++) band[q] = (float) (8 * gamma * qNorm[q] * cMax) + Float.MIN_NORMAL;
    TopK[] approx = new TopK[nq];
    for (int q = 0; q < nq; q++) approx[q] = new TopK(wide);
    for (int c0 = 0; c0 < nc; c0 += NATIVE_COLS) {
      int cs = c0, c1 = Math.min(nc, c0 + NATIVE_COLS), w = c1 - c0;
      for (int q0 = 0; q0 < nq; q0 += NATIVE_ROWS) {
        int q1 = Math.min(nq, q0 + NATIVE_ROWS), base = q0;
        float[] t = tiles.tile(q0, q1, c0, c1);
        rows(q0, q1, (long) (q1 - q0) * w).forEach(q ->
            ranks[q] += scanRow(t, (q - base) * w, cs, c1, queries[q], candidates,
                allowed == null ? null : allowed[q], approx[q], ranks[q] >= 0, best[q], sortedCorrect[q], band[q]));
      }
    }
    rows(0, nq, (long) nq * wide * d).forEach(q -> {
      TopK a = approx[q];
      boolean[] ok = allowed == null ? null : allowed[q];
      // Decided by tile scores unless the heap is full and its last kept score is close to the K-th.
      boolean decided = a.size() < wide || a.size() <= kk
          || (double) a.min() + 2.0 * band[q] < a.kthBest(kk);
      if (decided) {
        for (int j : a.indices()) heaps[q].offer(j, Vectors.dot(queries[q], candidates[j]));
      } else {
        for (int j = 0; j < nc; j++) if (ok == null || ok[j]) heaps[q].offer(j, Vectors.dot(queries[q], candidates[j]));
      }
    });
  }

  private static java.util.stream.IntStream rows(int from, int to, long work) {
    java.util.stream.IntStream r = java.util.stream.IntStream.range(from, to);
    return work >= 1 << 16 ? r.parallel() : r;
  }

  /** One query's row of a tile: heap offers of tile scores, and how many wrong candidates beat its best. */
  private static int scanRow(float[] t, int off, int c0, int c1, float[] qv, float[][] candidates, boolean[] ok,
                             TopK h, boolean counting, float bq, int[] cq, float band) {
    float lo = bq - band, hi = bq + band;
    int r = 0;
    for (int j = c0; j < c1; j++) {
      float s = t[off + j - c0];
      boolean rank = counting && !(s < lo);            // NaN: decide with the Java score
      boolean top = !h.rejects(s);
      if (!rank && !top) continue;
      if (ok != null && !ok[j]) continue;
      if (top) h.offer(j, s);
      if (!rank) continue;
      if (s > hi) {                                     // clearly above the best correct score
        if (Arrays.binarySearch(cq, j) < 0) r++;
      } else if (Vectors.dot(qv, candidates[j]) >= bq && Arrays.binarySearch(cq, j) < 0) {
        r++;
      }
    }
    return r;
  }

  private static float[] norms(float[][] rows) {
    float[] n = new float[rows.length];
    for (int i = 0; i < rows.length; i++) n[i] = norm(rows[i]);
    return n;
  }

  private static float norm(float[] v) {
    double s = 0;
    for (float x : v) s += (double) x * x;
    return (float) Math.sqrt(s);
  }
}
