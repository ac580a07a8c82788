package org.phenolip.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void warmsUpLinearlyThenFollowsTheCosine() {
    LrSchedule s = new LrSchedule(1f, 4, 14, 0.1f);
    assertEquals(0.25f, s.at(0), 1e-7);
    assertEquals(0.75f, s.at(2), 1e-7);
    assertEquals(1f, s.at(4), 1e-7); // start of the decay
    assertEquals(0.55f, s.at(9), 1e-6); // half way: min + (base-min)/2
    assertEquals(0.1f, s.at(14), 1e-7);
    assertEquals(0.1f, s.at(100), 1e-7);
    assertEquals(0.3f, LrSchedule.constant(0.3f).at(77), 0f);
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0f, 0, 1, 0));
  }

  @Test
  void clipsByTheGlobalNorm() {
    float[] g = {3, 4, 100};
    double norm = GradientClipping.clipByGlobalNorm(g, 2, 1.0); // only the first two count
    assertEquals(5.0, norm, 1e-12);
    assertEquals(0.6f, g[0], 1e-5);
    assertEquals(0.8f, g[1], 1e-5);
    assertEquals(100f, g[2], 0f);
    float[] h = {0.3f, 0.4f};
    assertEquals(0.5, GradientClipping.clipByGlobalNorm(h, 2, 1.0), 1e-6);
    assertEquals(0.3f, h[0], 0f); // under the limit: untouched
  }
}
