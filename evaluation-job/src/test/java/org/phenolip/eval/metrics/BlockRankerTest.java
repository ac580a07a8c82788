package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockRankerTest {
  private static final float[][] CANDS = {{1, 0}, {0.6f, 0.8f}, {0, 1}, {-1, 0}};
  private static final float[][] Q = {{1, 0}};

  @Test
  void handComputedRanks() {
    BlockRanker r = new BlockRanker(2, 1);
    // scores 1, .6, 0, -1
    assertArrayEquals(new int[] {2}, r.rank(Q, CANDS, new int[][] {{2}}).ranks());
    assertArrayEquals(new int[] {1}, r.rank(Q, CANDS, new int[][] {{2, 1}}).ranks(), "best correct counts");
    assertArrayEquals(new int[] {3}, r.rank(Q, CANDS, new int[][] {{3}}).ranks());
    assertArrayEquals(new int[] {0}, r.rank(Q, CANDS, new int[][] {{0, 3}}).ranks());
    assertArrayEquals(new int[] {-1}, r.rank(Q, CANDS, new int[][] {{}}).ranks());
    RankResult res = r.rank(Q, CANDS, new int[][] {{3}});
    assertArrayEquals(new int[] {0, 1}, res.topK()[0]);
    assertEquals(0.6f, res.topKScores()[0][1], 1e-6);
  }

  @Test
  void tiesCountAgainstTheQuery() {
    float[][] same = {{1, 0}, {1, 0}, {1, 0}};
    RankResult r = new BlockRanker(3, 2).rank(Q, same, new int[][] {{2}});
    assertEquals(2, r.ranks()[0], "a collapsed model gets no credit from ties");
    assertArrayEquals(new int[] {0, 1, 2}, r.topK()[0], "top-K ties keep candidate order");
  }

  @Test
  void allowedRestrictsCandidates() {
    boolean[][] allowed = {{false, true, true, true}};
    RankResult r = new BlockRanker(2, 3).rank(Q, CANDS, new int[][] {{2}}, allowed);
    assertEquals(1, r.ranks()[0]);
    assertArrayEquals(new int[] {1, 2}, r.topK()[0]);
    RankResult none = new BlockRanker(2, 3).rank(Q, CANDS, new int[][] {{0}}, allowed);
    assertEquals(-1, none.ranks()[0], "a correct answer outside the allowed set is unscorable");
  }

  @Test
  void badCorrectIndexIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> new BlockRanker(1).rank(Q, CANDS, new int[][] {{7}}));
    assertTrue(e.getMessage().contains("correct index 7"));
  }

  @Test
  void equalsBruteForceOnRandomEmbeddings() {
    Random rnd = new Random(11);
    int nq = 41, nc = 67, d = 16, k = 10;
    float[][] q = RandomVectors.unit(rnd, nq, d);
    float[][] c = RandomVectors.unit(rnd, nc, d);
    int[][] correct = new int[nq][];
    for (int i = 0; i < nq; i++) {
      Set<Integer> s = new HashSet<>();
      int m = 1 + rnd.nextInt(3);
      while (s.size() < m) s.add(rnd.nextInt(nc));
      correct[i] = s.stream().mapToInt(Integer::intValue).toArray();
    }
    for (int block : new int[] {1, 7, 64, 1000}) {
      RankResult r = new BlockRanker(k, block).rank(q, c, correct);
      for (int i = 0; i < nq; i++) {
        Integer[] order = RandomVectors.order(RandomVectors.scores(q[i], c));
        Set<Integer> good = new HashSet<>();
        for (int j : correct[i]) good.add(j);
        int expected = 0;
        for (int j : order) {
          if (good.contains(j)) break;
          expected++;
        }
        assertEquals(expected, r.ranks()[i], "block " + block + " query " + i);
        for (int t = 0; t < k; t++) assertEquals((int) order[t], r.topK()[i][t], "top-K block " + block);
      }
    }
  }
}
