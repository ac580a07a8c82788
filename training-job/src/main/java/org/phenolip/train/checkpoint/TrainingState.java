package org.phenolip.train.checkpoint;

import java.util.List;
import java.util.Map;
import org.phenolip.train.optim.OptimizerState;

/**
 * Everything a replica needs to continue exactly: parameters, optimizer moments, the number
 * of updates made ({@code globalStep}, which with the seed fixes the data position: epoch
 * and step within it), the seed, and the run's configuration for the record.
 */
public record TrainingState(
    long globalStep,
    int epoch,
    long stepInEpoch,
    long seed,
    List<String> paramNames,
    float[] params,
    OptimizerState optimizer,
    Map<String, Object> config) {}
