package org.phenolip.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.phenolip.model.engine.Scalars;

/**
 * The exact global-batch contrastive loss computed across data-parallel workers.
 *
 * <p>Every worker all-gathers the (detached) image and text embeddings of the whole global
 * batch, N rows, and owns the rows [from, to) of it. {@link #shard} returns that worker's share
 * of the loss, ½N⁻¹ Σ_{i∈[from,to)} [CE_i(s·I·Tᵀ) + CE_i(s·T·Iᵀ)], and the analytic gradient of
 * that share with respect to ALL N gathered rows and to the logit-scale parameter t. Summed
 * over workers (an all-reduce), the shares give the single-process loss and gradient of
 * {@link ClipLoss} (or {@link MultiPositiveLoss} with concept ids) over the global batch;
 * each worker then back-propagates rows [from, to) of the summed gradient through its own
 * towers (e.g. {@code localEmbeddings.mul(gradSlice).sum()} then backward).
 *
 * <p>Gradient of the share (G = ∂share/∂logits, P = row-softmax of L = s·S, S = I·Tᵀ, Q = row
 * softmax of Lᵀ, Y the row-normalised targets, M the mask of owned rows):
 * G = (M(P−Y) + (M(Q−Y))ᵀ) / 2N; ∂/∂I = s·G·T; ∂/∂T = s·Gᵀ·I; ∂/∂t = s·Σ G∘S when
 * t ∈ [0, ln 100] (the clamp passes no gradient outside it, as torch.clamp).
 *
 * <p>No autograd is used (so it runs while the training loop's GradientCollector is open).
 */
public final class GlobalBatchLoss {
  /** Upper clamp of the logit-scale parameter t: s ≤ 100. */
  public static final double MAX_LOGIT_SCALE_PARAM = Math.log(100);

  private GlobalBatchLoss() {}

  /** One worker's part: its share of the loss and its gradients w.r.t. all gathered rows. */
  public record Shard(float loss, float[] gradImages, float[] gradTexts, float gradLogitScaleParam) {}

  /**
   * @param manager where temporary arrays live (freed before returning)
   * @param images gathered image embeddings, N×D row-major
   * @param texts gathered text embeddings, N×D row-major
   * @param dim D
   * @param logitScaleParam t (s = exp(clamp(t, 0, ln 100)))
   * @param from first owned row
   * @param to one past the last owned row
   * @param conceptIds N concept ids for multi-positive targets, or null for CLIP's diagonal
   */
  public static Shard shard(NDManager manager, float[] images, float[] texts, int dim,
      float logitScaleParam, int from, int to, long[] conceptIds) {
    if (dim <= 0 || images.length % dim != 0 || images.length != texts.length) {
      throw new IllegalArgumentException("gathered embeddings: " + images.length + " image and "
          + texts.length + " text values do not form N×" + dim + " matrices");
    }
    int n = images.length / dim;
    if (from < 0 || to > n || from > to) {
      throw new IllegalArgumentException("row range [" + from + ", " + to + ") outside 0.." + n);
    }
    try (NDManager sub = manager.newSubManager()) {
      NDArray img = sub.create(images, new Shape(n, dim));
      NDArray txt = sub.create(texts, new Shape(n, dim));
      Result r = shard(img, txt, logitScaleParam, from, to, conceptIds);
      return new Shard(r.loss.toType(DataType.FLOAT32, false).getFloat(), r.gradImages.toFloatArray(), r.gradTexts.toFloatArray(),
          r.gradLogitScaleParam);
    }
  }

  /** The NDArray form of {@link #shard}: arrays stay on their device, attached to img's manager. */
  public record Result(NDArray loss, NDArray gradImages, NDArray gradTexts, float gradLogitScaleParam) {}

  /** See {@link #shard(NDManager, float[], float[], int, float, int, int, long[])}. */
  public static Result shard(NDArray images, NDArray texts, float logitScaleParam, int from, int to,
      long[] conceptIds) {
    NDArray img = images.stopGradient();
    NDArray txt = texts.stopGradient();
    int n = Math.toIntExact(img.getShape().get(0));
    DataType type = img.getDataType();
    NDManager m = img.getManager();
    boolean inRange = logitScaleParam >= 0 && logitScaleParam <= MAX_LOGIT_SCALE_PARAM;
    double scale = Math.exp(Math.min(Math.max(logitScaleParam, 0), MAX_LOGIT_SCALE_PARAM));

    NDArray sim = img.matMul(txt.transpose());
    NDArray logits = Scalars.mul(sim, (float) scale);
    NDArray[] y = SoftTargets.forBothDirections(m, n, conceptIds, type);
    NDArray mask = rowMask(m, n, from, to, type); // (N, 1)

    NDArray logP = logits.logSoftmax(1);
    NDArray logQ = logits.transpose().logSoftmax(1);
    NDArray rowLoss = logP.mul(y[0]).sum(new int[] {1}).add(logQ.mul(y[1]).sum(new int[] {1})).neg();
    NDArray loss = Scalars.div(rowLoss.mul(mask.squeeze(1)).sum(), 2f * n);

    NDArray g = Scalars.div(logP.exp().sub(y[0]).mul(mask)
        .add(logQ.exp().sub(y[1]).mul(mask).transpose()), 2f * n);
    NDArray gradImages = Scalars.mul(g.matMul(txt), (float) scale);
    NDArray gradTexts = Scalars.mul(g.transpose().matMul(img), (float) scale);
    float gradT = inRange
        ? (float) (scale * g.mul(sim).sum().toType(DataType.FLOAT64, false).getDouble()) : 0f;
    return new Result(loss, gradImages, gradTexts, gradT);
  }

  /**
   * The scalar whose gradient w.r.t. this worker's (non-detached) embeddings is {@code gradSlice}:
   * Σ local ∘ gradSlice. Back-propagate it (image and text surrogates added) to push the
   * all-reduced global-batch gradient through this worker's towers.
   *
   * @param local this worker's embeddings (B_w, D), still attached to its towers' graph
   * @param gradSlice rows [from, to) of the summed gradient, (B_w, D)
   */
  public static NDArray surrogate(NDArray local, NDArray gradSlice) {
    if (!local.getShape().equals(gradSlice.getShape())) {
      throw new IllegalArgumentException("gradient slice " + gradSlice.getShape()
          + " does not match the local embeddings " + local.getShape());
    }
    return local.mul(gradSlice.stopGradient()).sum();
  }

  private static NDArray rowMask(NDManager m, int n, int from, int to, DataType type) {
    float[] v = new float[n];
    for (int i = from; i < to; i++) {
      v[i] = 1f;
    }
    return m.create(v, new Shape(n, 1)).toType(type, false);
  }
}
