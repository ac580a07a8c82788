package org.phenolip.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * CLIP's symmetric InfoNCE: L = ½[CE(s·I·Tᵀ, diag) + CE(s·T·Iᵀ, diag)], rows averaged.
 * Image and text embeddings are expected L2-normalised (PhenolipModel's encoders return
 * them so); differentiable through DJL's autograd in all three inputs.
 */
public final class ClipLoss {
  private ClipLoss() {}

  /**
   * @param images (N, D) image embeddings
   * @param texts (N, D) text embeddings, row i paired with image row i
   * @param scale the logit scale s = exp(t), a scalar or shape (1) array
   */
  public static NDArray compute(NDArray images, NDArray texts, NDArray scale) {
    return MultiPositiveLoss.compute(images, texts, null, scale);
  }

  /** As {@link #compute(NDArray, NDArray, NDArray)} with a fixed scale. */
  public static NDArray compute(NDArray images, NDArray texts, float scale) {
    return MultiPositiveLoss.compute(images, texts, null, scale);
  }
}
