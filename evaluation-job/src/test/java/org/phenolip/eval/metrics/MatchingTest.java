package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatchingTest {
  @Test
  void handComputed() {
    // One image (1,0); phenotypes scored 1, .6, 0, -1; truth {1, 3}.
    float[][] img = {{1, 0}};
    float[][] ph = {{1, 0}, {0.6f, 0.8f}, {0, 1}, {-1, 0}};
    var top2 = Matching.evaluate(img, new int[][] {{1, 3}}, ph, Matching.Prediction.topK(2), 2);
    // ranks: phenotype1 -> 1 (only ph0 above), phenotype3 -> 3 (ph0, ph1, ph2 above).
    assertEquals(1.0, top2.r5(), 1e-12);
    // predicted {0,1}: tp 1 -> P .5, R .5, F1 .5
    assertEquals(0.5, top2.precision(), 1e-12);
    assertEquals(0.5, top2.recall(), 1e-12);
    assertEquals(0.5, top2.f1(), 1e-12);
    var thr = Matching.evaluate(img, new int[][] {{1, 3}}, ph, Matching.Prediction.threshold(0.5f), 2);
    assertEquals(0.5, thr.precision(), 1e-12);
    var strict = Matching.evaluate(img, new int[][] {{1, 3}}, ph, Matching.Prediction.threshold(2f), 2);
    assertEquals(0.0, strict.f1(), 1e-12, "empty predicted set");
    assertEquals("top:2", top2.prediction());
    assertEquals("top:7", Matching.Prediction.parse("top:7").describe());
    assertThrows(IllegalArgumentException.class, () -> Matching.Prediction.parse("best:3"));
  }

  @Test
  void equalsBruteForceOnRandomEmbeddings() {
    Random rnd = new Random(9);
    int n = 30, p = 70, d = 10;
    float[][] img = RandomVectors.unit(rnd, n, d);
    float[][] ph = RandomVectors.unit(rnd, p, d);
    int[][] lab = new int[n][];
    for (int i = 0; i < n; i++) {
      Set<Integer> s = new HashSet<>();
      int m = 1 + rnd.nextInt(4);
      while (s.size() < m) s.add(rnd.nextInt(p));
      lab[i] = s.stream().mapToInt(Integer::intValue).toArray();
    }
    var res = Matching.evaluate(img, lab, ph, Matching.Prediction.topK(5), 8);
    double r10 = 0, prec = 0, rec = 0, f1 = 0;
    for (int i = 0; i < n; i++) {
      Integer[] order = RandomVectors.order(RandomVectors.scores(img[i], ph));
      Set<Integer> truth = new HashSet<>();
      for (int j : lab[i]) truth.add(j);
      int in10 = 0, tp = 0;
      for (int t = 0; t < 10; t++) if (truth.contains(order[t])) in10++;
      for (int t = 0; t < 5; t++) if (truth.contains(order[t])) tp++;
      r10 += (double) in10 / truth.size();
      double pp = tp / 5.0, rr = (double) tp / truth.size();
      prec += pp;
      rec += rr;
      f1 += tp == 0 ? 0 : 2 * pp * rr / (pp + rr);
    }
    assertEquals(r10 / n, res.r10(), 1e-12);
    assertEquals(prec / n, res.precision(), 1e-12);
    assertEquals(rec / n, res.recall(), 1e-12);
    assertEquals(f1 / n, res.f1(), 1e-12);
  }
}
