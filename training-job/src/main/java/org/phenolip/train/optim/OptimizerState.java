package org.phenolip.train.optim;

import java.io.Serializable;

/** AdamW's state as plain arrays, for checkpoints: step count and the two moments per parameter. */
public record OptimizerState(long step, float[][] m, float[][] v) implements Serializable {
  public OptimizerState {
    if (m.length != v.length) throw new IllegalArgumentException("m and v differ in parameter count");
  }
}
