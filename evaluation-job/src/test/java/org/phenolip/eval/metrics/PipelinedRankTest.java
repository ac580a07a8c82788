package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The native path's two tile schedules (the next product computed while this tile is scanned,
 * or product and scan in turn) give the same {@link RankResult} as each other and as the Java
 * kernel, bit for bit, over several tiles, with exact ties, near ties around the K-th, duplicate
 * correct indices, queries without a correct candidate and an allowed mask; and the tight row
 * scan equals the plain one.
 */
class PipelinedRankTest {

  @Test
  void pipelinedEqualsSerialEqualsJavaAcrossTiles() {
    Random rnd = new Random(21);
    int nq = 2 * BlockRanker.NATIVE_ROWS + 35, nc = 2 * BlockRanker.NATIVE_COLS + 123, d = 20;
    float[][] q = RandomVectors.unit(rnd, nq, d), c = RandomVectors.unit(rnd, nc, d);
    // Exact ties: every fifth candidate copies another, and a tenth of the queries copy their answer.
    for (int j = 0; j < nc; j += 5) c[j] = c[(j * 7 + 3) % nc].clone();
    int[][] correct = new int[nq][];
    for (int i = 0; i < nq; i++) {
      int a = rnd.nextInt(nc), b = rnd.nextInt(nc);
      correct[i] = i % 13 == 0 ? new int[0] : i % 7 == 0 ? new int[] {a, b, a} : new int[] {a};
      if (i % 10 == 1) q[i] = c[a].clone();
    }
    check(q, c, correct, null, 50);
    boolean[][] allowed = new boolean[nq][];
    for (int i = 0; i < nq; i += 3) {
      allowed[i] = new boolean[nc];
      for (int j = 0; j < nc; j++) allowed[i][j] = (i + j) % 4 != 0;
    }
    check(q, c, correct, allowed, 20);
  }

  @Test
  void nearTiesAroundTheKth() {
    // Groups of 25 candidates a few float steps apart in one coordinate around each query's
    // direction, the rest far below: with K = 20 the K-th and its neighbours differ by less than
    // the band, the (K + MARGIN)-th is far, so the re-scored set (within 2·band of the K-th: the
    // group, not the 11 others kept) decides the order.
    Random rnd = new Random(17);
    int nq = 300, nc = BlockRanker.NATIVE_COLS + 500, d = 64;
    float[][] q = RandomVectors.unit(rnd, nq, d), c = RandomVectors.unit(rnd, nc, d);
    int[][] correct = new int[nq][];
    for (int i = 0; i < nq; i++) {
      int g = (i * 131) % (nc - 25);
      for (int t = 0; t < 25; t++) {
        float[] v = q[i].clone();
        v[t % d] = Math.nextUp(v[t % d]) + t * Math.ulp(v[t % d]);
        c[g + t] = v;
      }
      correct[i] = new int[] {g + 10 + rnd.nextInt(15)};
    }
    check(q, c, correct, null, 20);
  }

  @Test
  void collapsedScoresAcrossTiles() {
    Random rnd = new Random(5);
    int nq = BlockRanker.NATIVE_ROWS + 9, nc = BlockRanker.NATIVE_COLS + 700, d = 8;
    float[][] q = RandomVectors.unit(rnd, nq, d), same = new float[nc][];
    float[] one = RandomVectors.unit(rnd, 1, d)[0];
    Arrays.fill(same, one);
    int[][] correct = new int[nq][];
    for (int i = 0; i < nq; i++) correct[i] = new int[] {rnd.nextInt(nc)};
    check(q, same, correct, null, 10);
  }

  @Test
  void tightRowScanEqualsThePlainOne() {
    Random rnd = new Random(8);
    int w = 3000, d = 16;
    float[][] c = RandomVectors.unit(rnd, w + 40, d);
    float[] qv = RandomVectors.unit(rnd, 1, d)[0];
    boolean[] all = new boolean[w + 40];
    Arrays.fill(all, true);
    for (int trial = 0; trial < 40; trial++) {
      int c0 = 40;
      float[] t = new float[w + 5];
      for (int x = 0; x < w; x++) t[5 + x] = Vectors.dot(qv, c[c0 + x]);
      int[] cq = {c0 + rnd.nextInt(w), c0 + rnd.nextInt(w), 3};
      if (trial % 3 == 0) cq = new int[] {cq[0], cq[0], cq[1]};         // duplicates
      Arrays.sort(cq);
      float bq = t[5 + cq[cq.length - 1] - c0];
      float band = trial % 4 == 0 ? 0.05f : 1e-4f;
      if (trial % 5 == 0) for (int x = 0; x < w; x += 11) t[5 + x] = bq;            // ties with the best
      if (trial % 8 == 0) t[5 + rnd.nextInt(w)] = Float.NaN;
      if (trial % 9 == 0) bq = Float.NaN;
      boolean counting = trial % 6 != 5;
      int cap = trial % 2 == 0 ? 66 : 7;
      TopK fast = new TopK(cap), plain = new TopK(cap);
      if (trial % 7 == 0) {                                           // a heap already part full
        for (int j = 0; j < cap / 2; j++) {
          fast.offer(j, 0.1f * j);
          plain.offer(j, 0.1f * j);
        }
      }
      int rf = BlockRanker.scanRow(t, 5, c0, c0 + w, qv, c, null, fast, counting, bq, cq, band);
      int rp = BlockRanker.scanRow(t, 5, c0, c0 + w, qv, c, all, plain, counting, bq, cq, band);
      assertEquals(rp, rf, "rank, trial " + trial);
      if (trial % 8 == 0) {                                           // NaN kept: TopK cannot sort, compare the sets
        int[] a = plain.unorderedIndices(), b = fast.unorderedIndices();
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(a, b, "top-K set, trial " + trial);
      } else {
        assertArrayEquals(plain.indices(), fast.indices(), "top-K, trial " + trial);
        assertArrayEquals(plain.scores(), fast.scores(), "top-K scores, trial " + trial);
      }
    }
  }

  private static void check(float[][] q, float[][] c, int[][] correct, boolean[][] allowed, int k) {
    RankResult java = new BlockRanker(k, 64, BlockRanker.Scores.JAVA).rank(q, c, correct, allowed);
    BlockRanker serial = new BlockRanker(k, 64, BlockRanker.Scores.NATIVE).pipelined(false);
    BlockRanker pipelined = new BlockRanker(k, 64, BlockRanker.Scores.NATIVE).pipelined(true);
    RankResult s = serial.rank(q, c, correct, allowed), p = pipelined.rank(q, c, correct, allowed);
    same(java, s, "serial vs Java");
    same(s, p, "pipelined vs serial");
  }

  private static void same(RankResult a, RankResult b, String what) {
    assertArrayEquals(a.ranks(), b.ranks(), what + ": ranks");
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.topK()[i], b.topK()[i], what + ": top-K of query " + i);
      assertArrayEquals(a.topKScores()[i], b.topKScores()[i], what + ": top-K scores of query " + i);
    }
  }
}
