package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChanceTest {
  @Test
  void handComputedHitAtK() {
    assertEquals(0.2, Chance.hitAtK(5, 1, 1), 1e-12);
    assertEquals(1.0, Chance.hitAtK(2, 2, 1), 1e-12, "both candidates correct: a hit whatever the order");
    assertEquals(0.5, Chance.hitAtK(4, 2, 1), 1e-12);
    // 1 - C(8,5)/C(10,5) = 1 - 56/252
    assertEquals(1 - 56.0 / 252, Chance.hitAtK(10, 2, 5), 1e-12);
    assertEquals(1.0, Chance.hitAtK(3, 1, 5), 1e-12, "K beyond the candidates");
    assertTrue(Double.isNaN(Chance.hitAtK(3, 0, 1)), "no correct candidate: unscorable");
    assertThrows(IllegalArgumentException.class, () -> Chance.hitAtK(2, 3, 1));
  }

  @Test
  void equalsTheHitRateOfRandomRankingsUnderTheRankRule() {
    // Random unit candidates in 2-D against a fixed query: i.i.d. scores, a uniformly random order.
    Random rnd = new Random(3);
    int c = 9, m = 3, trials = 20000;
    int h1 = 0, h3 = 0;
    float[][] q = {{1, 0}};
    for (int t = 0; t < trials; t++) {
      float[][] cand = RandomVectors.unit(rnd, c, 2);
      int[] ranks = new BlockRanker(1, 4).rank(q, cand, new int[][] {{0, 1, 2}}).ranks();
      if (ranks[0] < 1) h1++;
      if (ranks[0] < 3) h3++;
    }
    assertEquals(Chance.hitAtK(c, m, 1), (double) h1 / trials, 0.01);
    assertEquals(Chance.hitAtK(c, m, 3), (double) h3 / trials, 0.01);
    assertEquals(1.0 / 3, Chance.hitAtK(c, m, 1), 1e-12);
    assertEquals(1 - (6.0 * 5 * 4) / (9 * 8 * 7), Chance.hitAtK(c, m, 3), 1e-12);
  }

  @Test
  void randomTopKSetMatchesEnumeration() {
    // 4 candidates, truth {0, 1}, predicted set = any 2 of 4 (6 sets: tp 2 once, 1 four times, 0 once).
    double[] e = Chance.topKSet(4, 2, 2);
    assertEquals(0.5, e[0], 1e-12);
    assertEquals(0.5, e[1], 1e-12);
    assertEquals((1.0 + 4 * 0.5 + 0) / 6, e[2], 1e-12, "F1 per set = tp / 2");
    // top-5 of 3 candidates predicts all 3: precision m/c, recall 1.
    double[] all = Chance.topKSet(3, 1, 5);
    assertEquals(1.0 / 3, all[0], 1e-12);
    assertEquals(1.0, all[1], 1e-12);
  }

  @Test
  void zeroShotStrataCarryChanceCandidatesAndMacroExclusions() {
    // Stratum "breast": 2 candidates, 10 of 13 rows carry both (the issue's example): chance (10 + 3 * 0.5) / 13.
    // Stratum "resp": 1 candidate (trivial, left out of the macro). Stratum "skin": 12 rows, 4 candidates.
    List<String> ids = List.of("A", "B", "R", "S0", "S1", "S2", "S3");
    Random rnd = new Random(1);
    float[][] cls = RandomVectors.unit(rnd, ids.size(), 8);
    List<String> sys = new ArrayList<>();
    List<Set<String>> lab = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      sys.add("breast");
      lab.add(i < 10 ? Set.of("A", "B") : Set.of(i == 10 ? "A" : "B"));
    }
    for (int i = 0; i < 20; i++) {
      sys.add("resp");
      lab.add(Set.of("R"));
    }
    for (int i = 0; i < 12; i++) {
      sys.add("skin");
      lab.add(Set.of("S" + (i % 4)));
    }
    float[][] img = RandomVectors.unit(rnd, sys.size(), 8);
    var r = ZeroShot.evaluate(img, sys, lab, ids, cls, ZeroShot.Candidates.SYSTEM, 16);
    var breast = r.perSystem().get("breast");
    assertEquals(2, breast.candidates());
    assertEquals(13, breast.n());
    assertEquals(11.5 / 13, breast.chance1(), 1e-12);
    assertEquals(1.0, breast.chance5(), 1e-12);
    assertNull(breast.excluded());
    var resp = r.perSystem().get("resp");
    assertEquals(1.0, resp.chance1(), 1e-12);
    assertEquals(1.0, resp.top1(), 1e-12, "one candidate: always right");
    assertEquals("1 candidate", resp.excluded());
    var skin = r.perSystem().get("skin");
    assertEquals(0.25, skin.chance1(), 1e-12);
    assertEquals(4, skin.candidates());
    // Macro: breast and skin only.
    assertEquals(2, r.average().candidates(), "strata in the macro average");
    assertEquals((breast.top1() + skin.top1()) / 2, r.average().top1(), 1e-12);
    assertEquals((11.5 / 13 + 0.25) / 2, r.average().chance1(), 1e-12);
    // Micro: every row, chance the row mean.
    assertEquals((11.5 + 20 + 12 * 0.25) / 45, r.overall().chance1(), 1e-12);
    assertTrue(r.overall().ci1().lo() <= r.overall().top1() && r.overall().top1() <= r.overall().ci1().hi());
    // Fewer than 10 rows: shown, marked, left out.
    var small = ZeroShot.evaluate(java.util.Arrays.copyOf(img, 9), sys.subList(0, 9), lab.subList(0, 9), ids, cls, ZeroShot.Candidates.SYSTEM, 16);
    assertEquals("9 rows", small.perSystem().get("breast").excluded());
    assertTrue(Double.isNaN(small.average().top1()));
  }

  @Test
  void retrievalAndMatchingCarryTheirChance() {
    float[][] img = {{1, 0}};
    float[][] ph = {{1, 0}, {0.6f, 0.8f}, {0, 1}, {-1, 0}};
    var top2 = Matching.evaluate(img, new int[][] {{1, 3}}, ph, Matching.Prediction.topK(2), 2);
    assertEquals(4, top2.candidates());
    assertEquals(1.0, top2.chance()[0], 1e-12, "R@5 of 4 candidates");
    assertEquals(0.5, top2.chance()[5], 1e-12, "F1 of a random 2-set with 2 correct of 4");
    var thr = Matching.evaluate(img, new int[][] {{1, 3}}, ph, Matching.Prediction.threshold(0.5f), 2);
    assertTrue(Double.isNaN(thr.chance()[5]), "a threshold has no fixed set size: no chance level");
    // Recall: 4 queries ranked among 10 candidates, one correct each.
    Recall r = Recall.of(new int[] {0, 3, 7, 12}, new int[] {10, 10, 10, 10}, new int[] {1, 1, 1, 1});
    assertEquals(0.1, r.chanceAt(1), 1e-12);
    assertEquals(0.5, r.chanceAt(5), 1e-12);
    assertEquals(1.0, r.chanceAt(10), 1e-12);
    assertEquals(10.0, r.candidates(), 1e-12);
  }
}
