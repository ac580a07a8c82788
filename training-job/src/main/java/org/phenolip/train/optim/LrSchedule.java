package org.phenolip.train.optim;

import java.io.Serializable;

/**
 * Linear warm-up from {@code base/warmup} to {@code base} over {@code warmup} steps, then a
 * cosine decay to {@code min} at {@code total} steps (held at {@code min} after).
 */
public record LrSchedule(float base, long warmup, long total, float min) implements Serializable {
  public LrSchedule {
    if (!(base > 0)) throw new IllegalArgumentException("learning rate must be > 0: " + base);
    if (warmup < 0 || total < 0 || min < 0 || min > base) {
      throw new IllegalArgumentException("bad schedule: warmup=" + warmup + " total=" + total + " min=" + min);
    }
  }

  public static LrSchedule constant(float lr) {
    return new LrSchedule(lr, 0, 0, lr);
  }

  /** The rate of the update made at (0-based) {@code step}. */
  public float at(long step) {
    if (step < warmup) return (float) ((double) base * (step + 1) / warmup);
    long decay = total - warmup;
    if (decay <= 0) return base;
    double p = Math.min(1.0, (double) (step - warmup) / decay);
    return (float) (min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * p)));
  }
}
