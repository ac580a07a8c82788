package org.phenolip.model.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Backward without DJL's GradientCollector. That collector allows one active instance per
 * JVM and zeroes every array of the process; a replica here records gradients on its own
 * thread (PyTorch's grad mode is per thread) and zeroes only its own parameters, so several
 * replicas can train in one JVM (local mode, tests) exactly as they do in separate executors.
 * This package is the one adapter to the PyTorch engine: no other class imports {@code ai.djl.pytorch}.
 */
public final class Autograd {
  static {
    Engine.getEngine("PyTorch"); // loads libtorch before the first JniUtils call
  }

  private Autograd() {}

  /** Records operations for backward on this thread (true) or not (false); returns the old mode. */
  public static boolean gradMode(boolean on) {
    boolean old = JniUtils.isGradMode();
    JniUtils.setGradMode(on);
    return old;
  }

  /** Whether this thread records operations for backward. */
  public static boolean gradMode() {
    return JniUtils.isGradMode();
  }

  /** d(sum of {@code target})/d(leaves), accumulated into the leaves' gradients. */
  public static void backward(NDArray target) {
    try (NDArray ones = target.onesLike()) {
      JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
    }
  }

  /** Backward with an explicit output gradient (vector-Jacobian product), e.g. for gathered embeddings. */
  public static void backward(NDArray target, NDArray outputGradient) {
    JniUtils.backward((PtNDArray) target, (PtNDArray) outputGradient, false, false);
  }

  /** Clears the gradient accumulated in {@code leaf} (a parameter array), in place. */
  public static void zeroGrad(NDArray leaf) {
    JniUtils.zeroGrad((PtNDArray) leaf);
  }
}
