package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ranks from native (PyTorch GEMM) tiles must be the Java kernel's, bit for bit: ranks, top-K
 * indices and top-K scores, on data where the two kernels' last-bit differences would show
 * (many exact ties, a collapsed model, vectors that are not unit length, an allowed mask) and
 * across tile edges (more rows and columns than one native tile holds).
 */
class NativeScoresTest {

  @Test
  void pytorchLoadsHere() {
    assertTrue(NativeTiles.available(), "the PyTorch engine ships with the project and must load");
  }

  @Test
  void tileScoresAreTheDotProductsWithinTheBand() {
    Random rnd = new Random(3);
    float[][] q = RandomVectors.unit(rnd, 37, 96), c = RandomVectors.unit(rnd, 53, 96);
    for (boolean blasFirst : new boolean[] {true, false}) {
      try (NativeTiles t = NativeTiles.open(q, c, blasFirst)) {
        float[] s = t.tile(5, 30, 7, 50);
        for (int i = 5; i < 30; i++) {
          for (int j = 7; j < 50; j++) {
            assertEquals(Vectors.dot(q[i], c[j]), s[(i - 5) * 43 + (j - 7)], 1e-5, blasFirst + " " + i + "," + j);
          }
        }
      }
    }
  }

  @Test
  void randomEmbeddingsAcrossTileEdges() {
    Random rnd = new Random(7);
    int nq = BlockRanker.NATIVE_ROWS + 77, nc = BlockRanker.NATIVE_COLS + 311, d = 24;
    float[][] q = RandomVectors.unit(rnd, nq, d), c = RandomVectors.unit(rnd, nc, d);
    assertSame(q, c, correct(rnd, nq, nc), null, 50);
  }

  @Test
  void exactTiesAndACollapsedModel() {
    Random rnd = new Random(9);
    int nq = 200, nc = 900, d = 384;
    // Every correct candidate has exact copies elsewhere: a tie the kernels' last bits would
    // break differently (the Java rank counts each copy against the query).
    float[][] q = RandomVectors.unit(rnd, nq, d), c = RandomVectors.unit(rnd, nc, d);
    for (int j = 0; j < nc; j += 3) c[j] = c[j / 3 + 1].clone();
    int[][] correct = new int[nq][];
    for (int i = 0; i < nq; i++) {
      correct[i] = new int[] {i / 3 + 1};
      q[i] = c[i / 3 + 1].clone();                                     // query = its answer: top score, tied
      for (int t = 0; t < d; t += 7) q[i][t] += 0.01f * (float) rnd.nextGaussian();
    }
    assertSame(q, c, correct, null, 20);
    // Coordinates on a coarse grid: many exactly equal scores among distinct candidates.
    float[][] gq = grid(rnd, nq, 16), gc = grid(rnd, nc, 16);
    assertSame(gq, gc, correct(rnd, nq, nc), null, 20);
    float[][] same = new float[nc][];
    for (int j = 0; j < nc; j++) same[j] = c[0].clone();               // everything alike
    assertSame(q, same, correct(rnd, nq, nc), null, 10);
  }

  @Test
  void unnormalisedVectorsAndAnAllowedMask() {
    Random rnd = new Random(13);
    int nq = 120, nc = 700, d = 40;
    float[][] q = RandomVectors.unit(rnd, nq, d), c = RandomVectors.unit(rnd, nc, d);
    for (int i = 0; i < nq; i++) for (int t = 0; t < d; t++) q[i][t] *= 1 + 30 * (i % 4);
    for (int j = 0; j < nc; j++) for (int t = 0; t < d; t++) c[j][t] *= 0.01f + j % 5;
    boolean[][] allowed = new boolean[nq][nc];
    for (int i = 0; i < nq; i++) for (int j = 0; j < nc; j++) allowed[i][j] = (i + j) % 3 != 0;
    allowed[4] = null;
    assertSame(q, c, correct(rnd, nq, nc), allowed, 15);
  }

  private static void assertSame(float[][] q, float[][] c, int[][] correct, boolean[][] allowed, int k) {
    RankResult java = new BlockRanker(k, 64, BlockRanker.Scores.JAVA).rank(q, c, correct, allowed);
    // The default native kernel (the system BLAS where one loads) and PyTorch's.
    assertSame(java, new BlockRanker(k, 64, BlockRanker.Scores.NATIVE).rank(q, c, correct, allowed), q.length);
    assertSame(java, new BlockRanker(k, 64, BlockRanker.Scores.PYTORCH).rank(q, c, correct, allowed), q.length);
  }

  private static void assertSame(RankResult java, RankResult nat, int n) {
    assertArrayEquals(java.ranks(), nat.ranks(), "ranks");
    for (int i = 0; i < n; i++) {
      assertArrayEquals(java.topK()[i], nat.topK()[i], "top-K of query " + i);
      assertArrayEquals(java.topKScores()[i], nat.topKScores()[i], "top-K scores of query " + i);
    }
  }

  private static int[][] correct(Random rnd, int nq, int nc) {
    int[][] correct = new int[nq][];
    for (int i = 0; i < nq; i++) {
      Set<Integer> s = new HashSet<>();
      int m = i % 10 == 0 ? 0 : 1 + rnd.nextInt(3);   // some queries have no correct candidate
      while (s.size() < m) s.add(rnd.nextInt(nc));
      correct[i] = s.stream().mapToInt(Integer::intValue).toArray();
    }
    return correct;
  }

  private static float[][] grid(Random rnd, int n, int d) {
    float[][] m = new float[n][d];
    for (float[] r : m) for (int t = 0; t < d; t++) r[t] = (rnd.nextInt(5) - 2) * 0.25f;
    return m;
  }
}
