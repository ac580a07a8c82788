package org.phenolip.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Target matrices for contrastive losses: the diagonal (CLIP) or "same concept" (KAD). */
public final class SoftTargets {
  private SoftTargets() {}

  /** Row-normalised n×n matrix: entry (i,j) = [c_i == c_j] / |{k : c_k == c_i}|. */
  public static float[][] sameConcept(long[] conceptIds) {
    int n = conceptIds.length;
    float[][] y = new float[n][n];
    for (int i = 0; i < n; i++) {
      int count = 0;
      for (int j = 0; j < n; j++) {
        if (conceptIds[i] == conceptIds[j]) {
          count++;
        }
      }
      for (int j = 0; j < n; j++) {
        if (conceptIds[i] == conceptIds[j]) {
          y[i][j] = 1f / count;
        }
      }
    }
    return y;
  }

  /**
   * Targets for the rows of the logits (first → second) and for the rows of the transposed
   * logits (second → first); null concept ids give the identity for both.
   */
  static NDArray[] forBothDirections(NDManager manager, int n, long[] conceptIds, DataType type) {
    if (conceptIds == null) {
      NDArray eye = manager.eye(n).toType(type, false);
      return new NDArray[] {eye, eye};
    }
    if (conceptIds.length != n) {
      throw new IllegalArgumentException(
          "concept ids: " + conceptIds.length + " given for a batch of " + n);
    }
    // "Same concept" is symmetric, so the row-normalised transpose is the same matrix.
    float[][] y = sameConcept(conceptIds);
    float[] flat = new float[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(y[i], 0, flat, i * n, n);
    }
    NDArray t = manager.create(flat, new ai.djl.ndarray.types.Shape(n, n)).toType(type, false);
    return new NDArray[] {t, t};
  }

  /** Mean over rows of −Σ_j y_ij log softmax(logits)_ij. */
  static NDArray crossEntropy(NDArray logits, NDArray targets) {
    return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
  }
}
