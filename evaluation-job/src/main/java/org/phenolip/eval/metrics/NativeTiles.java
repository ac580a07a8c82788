package org.phenolip.eval.metrics;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiles of the query x candidate score matrix, each from one native matrix multiply: the
 * system's BLAS sgemm through {@code dev.ludovic.netlib} (OpenBLAS where {@code libblas.so.3} is
 * OpenBLAS, the same kernel numpy uses; Spark ships the binding) when one loads and no GPU is
 * seen, else PyTorch's (MKL/oneDNN on CPU, cuBLAS on the GPU when DJL's libtorch has one), through
 * the DJL engine the project already ships. Both matrices are laid out once per ranking; a tile
 * is {@code Q[q0:q1] · C[c0:c1]ᵀ} row-major. Scores differ from {@link Vectors#dot} in
 * the last bits (another summation order); {@link BlockRanker} decides every close call with
 * {@link Vectors#dot}, so ranks and top-K lists do not depend on which kernel ran.
 */
final class NativeTiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NativeTiles.class);
  private static volatile Boolean available;

  private final NDManager manager;
  private final NDArray queries;
  private final NDArray candidates;
  // The BLAS path: rows laid end to end (row-major = column-major d x n for sgemm).
  private final dev.ludovic.netlib.blas.BLAS blas;
  private final float[] qFlat;
  private final float[] cFlat;
  private final int dim;

  private NativeTiles(float[][] q, float[][] c, dev.ludovic.netlib.blas.BLAS blas) {
    this.dim = q[0].length;
    this.blas = blas;
    if (blas != null) {
      this.qFlat = flat(q, dim);
      this.cFlat = flat(c, dim);
      this.manager = null;
      this.queries = this.candidates = null;
      return;
    }
    this.qFlat = this.cFlat = null;
    Engine engine = Engine.getEngine("PyTorch");
    Device device = engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    try {
      this.queries = upload(manager, q);
      this.candidates = upload(manager, c);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Both matrices on the native side, or null when neither a native BLAS nor PyTorch loads here. */
  static NativeTiles open(float[][] queries, float[][] candidates) {
    return open(queries, candidates, true);
  }

  /** As {@link #open(float[][], float[][])}; {@code blasFirst=false} goes straight to PyTorch. */
  static NativeTiles open(float[][] queries, float[][] candidates, boolean blasFirst) {
    dev.ludovic.netlib.blas.BLAS b = blasFirst ? systemBlas() : null;
    if (b != null) return new NativeTiles(queries, candidates, b);
    return available() ? new NativeTiles(queries, candidates, null) : null;
  }

  /** Which kernel tiles come from here: "blas:&lt;class&gt;", "pytorch" or "none". */
  static String kernel() {
    dev.ludovic.netlib.blas.BLAS b = systemBlas();
    return b != null ? "blas:" + b.getClass().getSimpleName() : available() ? "pytorch" : "none";
  }

  /** The system BLAS through netlib's JNI binding, unless absent or PyTorch has a GPU to use. */
  private static dev.ludovic.netlib.blas.BLAS systemBlas() {
    try {
      if (available() && Engine.getEngine("PyTorch").getGpuCount() > 0) return null;
      return dev.ludovic.netlib.blas.NativeBLAS.getInstance();
    } catch (Throwable t) {   // no libblas.so.3, or netlib not on the class path
      return null;
    }
  }

  /** Whether the PyTorch engine loads in this JVM (checked once; a failure is logged once). */
  static boolean available() {
    Boolean a = available;
    if (a == null) {
      synchronized (NativeTiles.class) {
        if ((a = available) == null) {
          try {
            Engine.getEngine("PyTorch");
            a = true;
          } catch (Throwable t) {   // no native library for this platform, or DJL absent
            LOG.warn("native scores off, ranking with the Java kernel: {}", t.toString());
            a = false;
          }
          available = a;
        }
      }
    }
    return a;
  }

  /** Scores of queries [q0, q1) against candidates [c0, c1), row-major (q1 - q0) x (c1 - c0). */
  float[] tile(int q0, int q1, int c0, int c1) {
    return tile(q0, q1, c0, c1, null);
  }

  /**
   * As {@link #tile(int, int, int, int)}, written into {@code reuse} when it is large enough
   * (the BLAS path writes the product there directly, no copy); returns the array holding the
   * tile (its first (q1 - q0) x (c1 - c0) floats, row-major), {@code reuse} or a new one.
   */
  float[] tile(int q0, int q1, int c0, int c1, float[] reuse) {
    if (blas != null) {
      // Column-major view: C_blk is d x w, Q_blk is d x h; (C_blkᵀ Q_blk) is w x h column-major,
      // which is the h x w tile row-major.
      int h = q1 - q0, w = c1 - c0;
      float[] out = reuse != null && reuse.length >= h * w ? reuse : new float[h * w];
      blas.sgemm("T", "N", w, h, dim, 1f, cFlat, c0 * dim, dim, qFlat, q0 * dim, dim, 0f, out, 0, w);
      return out;
    }
    try (NDArray q = queries.get("{}:{}", q0, q1);
         NDArray c = candidates.get("{}:{}", c0, c1);
         NDArray ct = c.transpose();
         NDArray s = q.matMul(ct)) {
      return s.toFloatArray();
    }
  }

  private static NDArray upload(NDManager m, float[][] rows) {
    int d = rows.length == 0 ? 0 : rows[0].length;
    FloatBuffer buf = ByteBuffer.allocateDirect(Math.max(4, rows.length * d * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (float[] r : rows) {
      if (r.length != d) throw new IllegalArgumentException("dimension mismatch: " + r.length + " vs " + d);
      buf.put(r);
    }
    buf.flip();
    return m.create(buf, new Shape(rows.length, d));
  }

  private static float[] flat(float[][] rows, int d) {
    float[] f = new float[Math.multiplyExact(rows.length, d)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) throw new IllegalArgumentException("dimension mismatch: " + rows[i].length + " vs " + d);
      System.arraycopy(rows[i], 0, f, i * d, d);
    }
    return f;
  }

  @Override
  public void close() {
    if (manager != null) manager.close();
  }
}
