package org.phenolip.train.loop;

import java.util.List;

/**
 * The outcome of a run: the final parameters (flat, {@code ParameterVector} layout), their
 * checksum (equal on every replica), rank 0's per-step metrics of the successful attempt,
 * and every replica's report.
 */
public record TrainResult(float[] params, long checksum, List<StepMetrics> metrics, List<ReplicaReport> replicas,
    int attempt, double wallSeconds) {}
