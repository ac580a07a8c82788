package org.phenolip.train.loop;

import java.io.Serializable;

/** One step's figures: loss is the mean over workers, times in seconds, rates over the global batch. */
public record StepMetrics(
    long step, int epoch, double loss, double lr, double gradNorm, double samplesPerSec, double commSeconds,
    double stepSeconds, int workers, int attempt) implements Serializable {}
