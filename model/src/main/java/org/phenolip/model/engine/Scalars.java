package org.phenolip.model.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Array–scalar operations whose scalar operand is memory PyTorch owns. Use these, never
 * {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)},
 * {@code minimum(Number)} or {@code pow(Number)}, wherever autograd may record the operation.
 *
 * <p>Why: DJL's PyTorch engine turns the number into a one-element tensor over a Java direct
 * buffer ({@code torch::from_blob}, no copy), applies the operation and closes that array. When
 * autograd records the operation it keeps the operand for backward (d(x·c)/dx = c, and
 * {@code maximum} keeps both sides), but nothing keeps the Java buffer: the next garbage
 * collection frees it, malloc hands its bytes to someone else, and backward multiplies by
 * whatever is there. The loss is right and the gradient is garbage, at a step chosen by the
 * garbage collector's timing, so two runs with the same seed diverge (issue 9: 1e27 gradient
 * norms in one run of three). The scalar made here comes from {@code torch::full}: the graph
 * holds a reference to it, and closing the Java array only drops the handle. The values and the
 * kernels are those of the {@code Number} overloads (a 0-d tensor of the array's type), so the
 * results are bit for bit the same.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code c} as a 0-d array of {@code like}'s type, in {@code like}'s manager, in native memory. */
  public static NDArray of(NDArray like, float c) {
    return like.getManager().full(new Shape(), c, like.getDataType());
  }

  /** x · c. */
  public static NDArray mul(NDArray x, float c) {
    try (NDArray s = of(x, c)) {
      return x.mul(s);
    }
  }

  /** x / c. */
  public static NDArray div(NDArray x, float c) {
    try (NDArray s = of(x, c)) {
      return x.div(s);
    }
  }

  /** max(x, c) element-wise. */
  public static NDArray maximum(NDArray x, float c) {
    try (NDArray s = of(x, c)) {
      return x.maximum(s);
    }
  }
}
