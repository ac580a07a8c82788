package org.phenolip.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.phenolip.model.engine.Scalars;

/**
 * KAD's multi-positive contrastive loss (stage 1): every pair of items that share a concept
 * id is a positive. Targets are the row-normalised "same concept" matrix, and the loss is
 * symmetric: ½[CE(s·A·Bᵀ, Y) + CE(s·B·Aᵀ, Y)] with soft-target cross-entropy averaged over
 * rows. With all concept ids distinct it is exactly {@link ClipLoss}.
 */
public final class MultiPositiveLoss {
  private MultiPositiveLoss() {}

  /**
   * @param a (N, D) first views (e.g. term names), L2-normalised
   * @param b (N, D) second views (definitions, synonyms, parents), L2-normalised
   * @param conceptIds N concept ids, or null for the diagonal (one positive per row)
   * @param scale logit scale s (1/temperature), scalar or shape (1)
   */
  public static NDArray compute(NDArray a, NDArray b, long[] conceptIds, NDArray scale) {
    NDArray logits = a.matMul(b.transpose()).mul(scale.reshape(new Shape()));
    return symmetric(logits, conceptIds);
  }

  /** As {@link #compute(NDArray, NDArray, long[], NDArray)} with a fixed scale. */
  public static NDArray compute(NDArray a, NDArray b, long[] conceptIds, float scale) {
    return symmetric(Scalars.mul(a.matMul(b.transpose()), scale), conceptIds);
  }

  private static NDArray symmetric(NDArray logits, long[] conceptIds) {
    int n = Math.toIntExact(logits.getShape().get(0));
    if (logits.getShape().get(1) != n) {
      throw new IllegalArgumentException("both views need the same batch size, got " + logits.getShape());
    }
    NDArray[] y = SoftTargets.forBothDirections(logits.getManager(), n, conceptIds, logits.getDataType());
    NDArray forward = SoftTargets.crossEntropy(logits, y[0]);
    NDArray backward = SoftTargets.crossEntropy(logits.transpose(), y[1]);
    return Scalars.mul(forward.add(backward), 0.5f);
  }
}
