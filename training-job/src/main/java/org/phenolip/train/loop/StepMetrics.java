package org.phenolip.train.loop;

import java.io.Serializable;

/**
 * One step's figures: loss is the mean over workers, times in seconds, rates over the global batch.
 * {@code commSeconds} is the communication the step waited for (with bucketed all-reduce, the part
 * not hidden behind the gradient copy); {@code waitSeconds} the part of it spent waiting for the
 * slower peer's first frame of each collective call (skew plus one latency; NaN when unknown, e.g.
 * read back from a metrics file).
 */
public record StepMetrics(
    long step, int epoch, double loss, double lr, double gradNorm, double samplesPerSec, double commSeconds,
    double stepSeconds, int workers, int attempt, double waitSeconds) implements Serializable {

  public StepMetrics(long step, int epoch, double loss, double lr, double gradNorm, double samplesPerSec,
      double commSeconds, double stepSeconds, int workers, int attempt) {
    this(step, epoch, loss, lr, gradNorm, samplesPerSec, commSeconds, stepSeconds, workers, attempt, Double.NaN);
  }
}
