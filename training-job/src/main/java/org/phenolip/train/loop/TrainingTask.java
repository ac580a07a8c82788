package org.phenolip.train.loop;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.Serializable;
import java.util.List;

/**
 * What the caller supplies to {@link ReplicaTrainer} / {@link DataParallelTrainer}: how to
 * build a replica's model and how to compute the loss of a local batch and back-propagate it.
 * Serializable: it travels to every Spark task.
 */
public interface TrainingTask<T> extends Serializable {
  /**
   * Builds and initializes the model. Called once per replica with the engine's random seed
   * set from the run's seed; rank 0's initial parameters are then broadcast to every replica,
   * so only rank 0's result matters.
   */
  Block buildModel(NDManager manager);

  /**
   * Forward the local batch (this worker's {@code globalBatch / workers} rows), call
   * {@link StepContext#backward} on the loss, and return the loss value to report.
   *
   * <p>Gradient scaling: with {@link TrainConfig.Reduction#MEAN} return and
   * back-propagate the mean loss over the local rows; the gradients are summed over workers
   * and divided by N, which is the gradient of the mean over the global batch. With
   * {@link TrainConfig.Reduction#SUM} each worker back-propagates its part of one global loss
   * (e.g. a contrastive loss over all-gathered embeddings where a worker's own embeddings
   * carry the gradient) and the gradients are summed. Randomness (dropout, augmentation) must
   * come from {@link StepContext#stepSeed()} so that a resumed run repeats it.
   */
  float lossAndBackward(Block model, List<T> localBatch, StepContext ctx);

  /**
   * How this task's gradients are combined over workers; declared by the task because it follows
   * from how {@link #lossAndBackward} scales its loss (see there).
   */
  TrainConfig.Reduction reduction();

  /**
   * Called on every replica after each optimizer step, e.g. to clamp a parameter in place
   * (CLIP's logit scale). Must be deterministic so replicas stay identical.
   */
  /**
   * Per parameter of {@code model} (layout of {@link org.phenolip.train.optim.ParameterVector}),
   * the factor the scheduled learning rate is multiplied by; null (the default): 1 for all.
   */
  default float[] learningRateScales(Block model, org.phenolip.train.optim.ParameterVector params) {
    return null;
  }

  default void afterStep(Block model) {}

  /**
   * Turns a local batch's raw rows into what {@link #lossAndBackward} consumes (e.g. decoded,
   * augmented images), on a prefetch thread while the previous step computes. Must not touch
   * the model or the engine, and must depend only on the rows, {@code step} and each row's
   * place in the global batch ({@code firstGlobalRow + i}) so that any split of the batch
   * over workers prepares the same rows alike.
   */
  default List<T> prepare(List<T> rows, long step, int firstGlobalRow) {
    return rows;
  }

  /**
   * Writes the trained model's parameters, in the format its loader reads, when
   * {@link TrainConfig#modelPath} is set (rank 0, once, at the end). Default: every parameter
   * of the block in DJL's format; a task whose block wraps the model it ships (e.g. with a
   * training-only head) writes only that model.
   */
  default void writeModel(Block model, java.io.OutputStream out) throws java.io.IOException {
    java.io.DataOutputStream d = new java.io.DataOutputStream(new java.io.BufferedOutputStream(out));
    model.saveParameters(d);
    d.flush();
  }
}
