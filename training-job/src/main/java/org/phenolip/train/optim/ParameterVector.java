package org.phenolip.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.phenolip.model.engine.Autograd;

/**
 * The trainable parameters of a block as one flat float vector, in the block's parameter
 * order: what the all-reduce, the optimizer, checkpoints and the replica checksum see.
 * Writes go in place ({@code set(NDIndex("..."), ...)}) with grad mode off, never through
 * {@code NDArray.set(float[])} (DESIGN.md trap).
 */
public final class ParameterVector {
  private final List<String> names = new ArrayList<>();
  private final List<Parameter> params = new ArrayList<>();
  private final int[] offsets;
  private final int size;

  private ParameterVector(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter param = p.getValue();
      if (!param.requiresGradient()) continue;
      if (!param.isInitialized()) {
        throw new IllegalStateException("parameter " + p.getKey() + " is not initialized: initialize the block first");
      }
      names.add(p.getKey());
      params.add(param);
    }
    offsets = new int[params.size() + 1];
    long total = 0;
    for (int i = 0; i < params.size(); i++) {
      offsets[i] = (int) total;
      total += params.get(i).getArray().size();
      if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("more than 2^31 parameters");
    }
    offsets[params.size()] = (int) total;
    size = (int) total;
  }

  /** The parameters of {@code block} that require gradients. */
  public static ParameterVector trainable(Block block) {
    return new ParameterVector(block);
  }

  public int size() { return size; }

  public int count() { return params.size(); }

  public List<String> names() { return Collections.unmodifiableList(names); }

  public Parameter parameter(int i) { return params.get(i); }

  /** Start of parameter {@code i} in the flat vector; {@code offset(count())} is {@link #size}. */
  public int offset(int i) { return offsets[i]; }

  public int length(int i) { return offsets[i + 1] - offsets[i]; }

  public Shape shape(int i) { return params.get(i).getArray().getShape(); }

  /** All values, concatenated. */
  public float[] values() {
    float[] out = new float[size];
    for (int i = 0; i < params.size(); i++) {
      float[] v = params.get(i).getArray().toFloatArray();
      System.arraycopy(v, 0, out, offsets[i], v.length);
    }
    return out;
  }

  /** Overwrites every parameter in place from {@code flat} (same layout as {@link #values}). */
  public void setValues(float[] flat) {
    if (flat.length != size) {
      throw new IllegalArgumentException("parameter vector has " + size + " values, got " + flat.length);
    }
    boolean grad = Autograd.gradMode(false);
    try {
      for (int i = 0; i < params.size(); i++) {
        NDArray arr = params.get(i).getArray();
        try (NDManager tmp = arr.getManager().newSubManager()) {
          NDArray src = tmp.create(FloatBuffer.wrap(flat, offsets[i], length(i)).slice(), arr.getShape());
          arr.set(new NDIndex("..."), src);
        }
      }
    } finally {
      Autograd.gradMode(grad);
    }
  }

  /** Copies the accumulated gradients into {@code into[0..size)} (zeros where none yet). */
  public void readGradients(float[] into) {
    readGradients(into, 0, params.size());
  }

  /**
   * Copies the gradients of parameters {@code from..to-1} into their slots of {@code into}
   * ({@code into[offset(from), offset(to))}).
   */
  public void readGradients(float[] into, int from, int to) {
    if (into.length < size) throw new IllegalArgumentException("gradient buffer too small: " + into.length + " < " + size);
    java.util.Objects.checkFromToIndex(from, to, params.size());
    for (int i = from; i < to; i++) {
      try (NDArray g = params.get(i).getArray().getGradient()) {
        float[] v = g.toFloatArray();
        System.arraycopy(v, 0, into, offsets[i], v.length);
      }
    }
  }

  /** Zeroes the gradients of these parameters only (PyTorch accumulates across backward calls). */
  public void zeroGradients() {
    for (Parameter p : params) {
      Autograd.zeroGrad(p.getArray());
    }
  }

  /** A 64-bit hash of the raw bits of every value: equal on replicas that are bit for bit equal. */
  public long checksum() {
    return checksum(values());
  }

  public static long checksum(float[] flat) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the float bits
    for (float f : flat) {
      h ^= Float.floatToRawIntBits(f);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
