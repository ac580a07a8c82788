package org.phenolip.train.loop;

import java.io.Serializable;
import java.util.List;

/**
 * What one replica returns to the driver: where it started (a resumed run starts at the
 * checkpoint's step) and ended, its parameter checksum, and from rank 0 the parameters and
 * per-step metrics.
 */
public record ReplicaReport(
    int rank, int attempt, long startStep, long endStep, long paramChecksum, float[] params,
    List<StepMetrics> metrics, double commSeconds, double totalSeconds, String device) implements Serializable {}
