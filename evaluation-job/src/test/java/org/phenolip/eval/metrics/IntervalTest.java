package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalTest {
  @Test
  void wilsonHandComputed() {
    // 8 of 10: centre (0.8 + z²/20) / (1 + z²/10), half-width z/(1 + z²/10) * sqrt(0.016 + z²/400).
    double z2 = Interval.Z95 * Interval.Z95;
    double centre = (0.8 + z2 / 20) / (1 + z2 / 10), half = Interval.Z95 / (1 + z2 / 10) * Math.sqrt(0.016 + z2 / 400);
    Interval i = Interval.wilson(8, 10);
    assertEquals(centre - half, i.lo(), 1e-12);
    assertEquals(centre + half, i.hi(), 1e-12);
    assertEquals(0.4902, i.lo(), 1e-4, "published value for 8/10");
    assertEquals(0.9433, i.hi(), 1e-4);
    Interval zero = Interval.wilson(0, 10);
    assertEquals(0.0, zero.lo(), 1e-12);
    assertEquals(0.2775, zero.hi(), 1e-4);
    assertTrue(Double.isNaN(Interval.wilson(0, 0).lo()));
  }

  @Test
  void bootstrapIsSeededAndNearTheNormalApproximation() {
    double[] rows = new double[100];
    for (int i = 0; i < 50; i++) rows[i] = 1;
    Interval a = Interval.bootstrapMean(rows), b = Interval.bootstrapMean(rows);
    assertEquals(a, b, "same rows, same interval");
    // Normal approximation: 0.5 ± 1.96 * 0.05 = [0.402, 0.598].
    assertEquals(0.402, a.lo(), 0.015);
    assertEquals(0.598, a.hi(), 0.015);
    Interval ones = Interval.bootstrapMean(new double[] {1, 1, 1});
    assertEquals(1.0, ones.lo(), 0);
    assertEquals(1.0, ones.hi(), 0);
    // Macro over a constant stratum (1.0) and the 50% one: half the width, centred on 0.75.
    Interval macro = Interval.bootstrapMacro(List.of(new double[] {1, 1, 1, 1}, rows));
    assertEquals(0.75 - 0.049, macro.lo(), 0.01);
    assertEquals(0.75 + 0.049, macro.hi(), 0.01);
    assertTrue(Double.isNaN(Interval.bootstrapMacro(List.of()).lo()));
  }

  @Test
  void meanAndSampleSd() {
    double[] ms = Interval.meanSd(new double[] {0.2, 0.4, 0.6});
    assertEquals(0.4, ms[0], 1e-12);
    assertEquals(0.2, ms[1], 1e-12);
    assertTrue(Double.isNaN(Interval.meanSd(new double[] {0.3})[1]));
  }
}
