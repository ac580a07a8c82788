package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecallTest {
  @Test
  void handComputed() {
    Recall r = Recall.of(new int[] {0, 4, 9, 49, 50, -1});
    assertEquals(5, r.n());
    assertEquals(1, r.unscorable());
    assertEquals(0.2, r.at(1), 1e-12);
    assertEquals(0.4, r.at(5), 1e-12);
    assertEquals(0.6, r.at(10), 1e-12);
    assertEquals(0.8, r.at(50), 1e-12);
    assertEquals(10.0, r.medianRank(), 1e-12);
    assertEquals(0.4, (double) r.toJson().get("r5"), 1e-12);
  }

  @Test
  void curveEqualsCountingOnRandomRanks() {
    Random rnd = new Random(3);
    int[] ranks = new int[500];
    for (int i = 0; i < ranks.length; i++) ranks[i] = rnd.nextInt(80);
    Recall r = Recall.of(ranks);
    for (int k = 1; k <= Recall.CURVE_MAX; k++) {
      int hits = 0;
      for (int x : ranks) if (x < k) hits++;
      assertEquals(hits / 500.0, r.at(k), 1e-12);
    }
  }
}
