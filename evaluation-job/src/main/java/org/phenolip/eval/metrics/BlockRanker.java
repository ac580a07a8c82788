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
    rows(0, nq, (long) nq * kk * 16).forEach(q -> heaps[q].sortedInto(top, topScores, q));
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
   * Whether native rankings compute the next tile's product while this one is scanned (two
   * tile buffers, the GEMM on its own thread); false: one buffer, product and scan in turn.
   * Both give the same answers.
   */
  private boolean pipelined = true;

  /** Sets {@link #pipelined} (default true); for benchmarks and tests. Returns this ranker. */
  public BlockRanker pipelined(boolean on) {
    this.pipelined = on;
    return this;
  }

  /**
   * Native tiles, exact answers. A tile score s and the Java score e of the same pair differ by
   * at most 2·γ_d·|q|·|c| (γ_d = d·u/(1 - d·u), u = 2⁻²⁴, for any summation order); {@code band}
   * below is 4x that.
   * <ul>
   *   <li>Rank: a pair is counted from s when s is outside the band around the query's best
   *       correct score, else re-scored with {@link Vectors#dot}.</li>
   *   <li>Top-K: the K + {@link #MARGIN} best by s are kept, then those within 2·band of the
   *       K-th are re-scored with {@link Vectors#dot} and the K best of those taken. That is the
   *       Java answer whenever the (K + MARGIN)-th s is more than 2·band below the K-th (nothing
   *       left out can reach the top K); otherwise (dense ties, a collapsed model) that query's
   *       top-K is recomputed with the Java kernel over all candidates: slow, still exact.</li>
   * </ul>
   * Rows of a tile are scanned in parallel; each query's heap and rank belong to one row. With
   * {@link #pipelined}, the product of tile i + 1 is under way (on one thread, the BLAS's own
   * threads under it) while tile i is scanned, so the two are not serialized.
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
    // Tiles in the serial order: candidate blocks outer, so each query's offers come in index order.
    java.util.List<int[]> plan = new java.util.ArrayList<>();
    for (int c0 = 0; c0 < nc; c0 += NATIVE_COLS) {
      for (int q0 = 0; q0 < nq; q0 += NATIVE_ROWS) plan.add(new int[] {q0, Math.min(nq, q0 + NATIVE_ROWS), c0, Math.min(nc, c0 + NATIVE_COLS)});
    }
    java.util.function.BiConsumer<int[], float[]> scan = (p, t) -> {
      int q0 = p[0], c0 = p[2], c1 = p[3], w = c1 - c0;
      rows(q0, p[1], (long) (p[1] - q0) * w).forEach(q ->
          ranks[q] += scanRow(t, (q - q0) * w, c0, c1, queries[q], candidates,
              allowed == null ? null : allowed[q], approx[q], ranks[q] >= 0, best[q], sortedCorrect[q], band[q]));
    };
    if (!pipelined || plan.size() == 1) {
      float[] buf = null;
      for (int[] p : plan) scan.accept(p, buf = tiles.tile(p[0], p[1], p[2], p[3], buf));
    } else {
      java.util.concurrent.ExecutorService gemm = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "phenolip-gemm");
        t.setDaemon(true);
        return t;
      });
      java.util.concurrent.Future<float[]> next = null;
      try {
        float[][] bufs = new float[2][];
        next = gemm.submit(() -> tiles.tile(plan.get(0)[0], plan.get(0)[1], plan.get(0)[2], plan.get(0)[3], null));
        for (int i = 0; i < plan.size(); i++) {
          float[] t = bufs[i % 2] = next.get();
          if (i + 1 < plan.size()) {
            int[] p = plan.get(i + 1);
            float[] spare = bufs[(i + 1) % 2];     // tile i - 1's, scanned already
            next = gemm.submit(() -> tiles.tile(p[0], p[1], p[2], p[3], spare));
          }
          scan.accept(plan.get(i), t);
        }
        next = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while ranking", e);
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) throw re;
        if (c instanceof Error er) throw er;
        throw new IllegalStateException(c);
      } finally {
        // A scan failed: let the product under way finish before the tiles are closed.
        if (next != null) {
          try {
            next.get();
          } catch (Exception ignored) {
            // the scan's failure is the one reported
          }
        }
        gemm.shutdown();
      }
    }
    rows(0, nq, (long) nq * wide * d).forEach(q -> {
      TopK a = approx[q];
      boolean[] ok = allowed == null ? null : allowed[q];
      // Decided by tile scores unless the heap is full and its last kept score is close to the K-th.
      boolean decided = a.size() < wide || a.size() <= kk
          || (double) a.min() + 2.0 * band[q] < a.kthBest(kk);
      if (decided) {
        // Only a pair within 2·band of the K-th tile score can reach the top K (the two kernels
        // differ by band/4 at most; K pairs score at least the K-th): about K dot products, not K + MARGIN.
        int[] ids = a.unorderedIndices();
        float[] ts = a.unorderedScores();
        double cut = a.size() > kk ? (double) a.kthBest(kk) - 2.0 * band[q] : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ids.length; i++) {
          if (!(ts[i] < cut)) heaps[q].offer(ids[i], Vectors.dot(queries[q], candidates[ids[i]]));
        }
      } else {
        for (int j = 0; j < nc; j++) if (ok == null || ok[j]) heaps[q].offer(j, Vectors.dot(queries[q], candidates[j]));
      }
    });
  }

  private static java.util.stream.IntStream rows(int from, int to, long work) {
    java.util.stream.IntStream r = java.util.stream.IntStream.range(from, to);
    return work >= 1 << 16 ? r.parallel() : r;
  }

  /**
   * One query's row of a tile: heap offers of tile scores, and how many wrong candidates beat its
   * best. Without an allowed mask, in tight loops over the row: a score enters the heap only
   * when it reaches the heap's floor (rare once the heap is full); the rank counts the scores
   * above the band and those not below it without a branch (a 50/50 branch there costs ~10x),
   * only scores inside the band (or NaN) are re-scored, and the correct candidates counted
   * among those above the band are taken off at the end.
   */
  static int scanRow(float[] t, int off, int c0, int c1, float[] qv, float[][] candidates, boolean[] ok,
                     TopK h, boolean counting, float bq, int[] cq, float band) {
    if (ok != null) return scanRowAllowed(t, off, c0, c1, qv, candidates, ok, h, counting, bq, cq, band);
    int w = c1 - c0, m = h.capacity();
    // An empty heap and a long row: split the row into m runs; the smallest of their maxima is
    // reached by at least m scores (each run's best), so nothing below it can be among the m
    // best. That skips most of the heap's filling (NaN anywhere: the seed is NaN, nothing skipped).
    float seed = Float.NEGATIVE_INFINITY;
    if (h.size() == 0 && m > 0 && w >= 4 * m) {
      seed = Float.POSITIVE_INFINITY;
      for (int ch = 0; ch < m; ch++) {
        float mx = Float.NEGATIVE_INFINITY;
        for (int x = (int) ((long) ch * w / m), end = (int) ((long) (ch + 1) * w / m); x < end; x++) mx = Math.max(mx, t[off + x]);
        seed = Math.min(seed, mx);
      }
    }
    float floor = Math.max(seed, h.floor());
    for (int x = 0; x < w; x++) {                      // the heap: a rare, well-predicted branch
      float s = t[off + x];
      if (!(s < floor)) {
        h.offer(c0 + x, s);
        floor = Math.max(seed, h.floor());
      }
    }
    if (!counting) return 0;
    float lo = bq - band, hi = bq + band;
    int above = 0, notBelow = 0;
    for (int x = 0; x < w; x++) {                      // no branch (conditional moves): half the scores pass
      float s = t[off + x];
      above += s > hi ? 1 : 0;
      notBelow += s < lo ? 0 : 1;
    }
    int near = notBelow - above;                       // in the band, or NaN: decided below
    int r = above;
    if (near > 0) {
      // |s - bq| ≤ 2·band holds for every s in [lo, hi] (and NaN passes): one rarely-true branch
      // per score instead of a coin-flip test of s against lo.
      float wider = 2 * band;
      for (int x = 0; x < w; x++) {
        float s = t[off + x];
        if (!(Math.abs(s - bq) > wider) && !(s < lo) && !(s > hi)) {
          int j = c0 + x;
          if (Vectors.dot(qv, candidates[j]) >= bq && Arrays.binarySearch(cq, j) < 0) r++;
        }
      }
    }
    // Correct candidates are never counted: take off those the branch-free count took above the band.
    int from = Arrays.binarySearch(cq, c0);
    if (from < 0) from = -from - 1;
    else while (from > 0 && cq[from - 1] == c0) from--;
    for (int i = from, prev = -1; i < cq.length && cq[i] < c1; i++) {
      int j = cq[i];
      if (j != prev && t[off + j - c0] > hi) r--;
      prev = j;
    }
    return r;
  }

  /** {@link #scanRow} with an allowed mask: candidates outside it neither count nor enter the heap. */
  private static int scanRowAllowed(float[] t, int off, int c0, int c1, float[] qv, float[][] candidates, boolean[] ok,
                                    TopK h, boolean counting, float bq, int[] cq, float band) {
    float lo = bq - band, hi = bq + band;
    int r = 0;
    for (int j = c0; j < c1; j++) {
      float s = t[off + j - c0];
      boolean rank = counting && !(s < lo);            // NaN: decide with the Java score
      boolean top = !h.rejects(s);
      if (!rank && !top) continue;
      if (!ok[j]) continue;
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
