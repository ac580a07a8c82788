package org.phenolip.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.Serializable;
import java.nio.FloatBuffer;
import org.phenolip.model.engine.Autograd;
import org.phenolip.model.engine.Scalars;

/**
 * AdamW (Loshchilov &amp; Hutter; PyTorch's formulation) with explicit per-parameter state,
 * updated in place with DJL ops. Fed the already all-reduced flat gradient, so every replica
 * makes the same update from the same state.
 *
 * <pre>
 *   w ← w·(1 − lr·λ)                       (decoupled decay; skipped for 1-D params if asked)
 *   m ← β1·m + (1−β1)·g        v ← β2·v + (1−β2)·g²
 *   w ← w − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
 * </pre>
 */
public final class AdamW implements AutoCloseable {
  /** Hyper-parameters. {@code decayVectors=false}: no weight decay on biases and norm gains. */
  public record Hyper(float beta1, float beta2, float eps, float weightDecay, boolean decayVectors)
      implements Serializable {
    public static Hyper defaults() {
      return new Hyper(0.9f, 0.999f, 1e-8f, 0.01f, false);
    }
  }

  private final ParameterVector params;
  private final Hyper h;
  private final NDManager manager;
  private final NDArray[] m;
  private final NDArray[] v;
  private final float[] lrScale;
  private long step;

  public AdamW(ParameterVector params, Hyper h) {
    this(params, h, null);
  }

  /**
   * @param lrScale per parameter (layout of {@code params}), the factor its rate is multiplied
   *     by (e.g. a pretrained tower fine-tuned at a lower rate); null: 1 for all
   */
  public AdamW(ParameterVector params, Hyper h, float[] lrScale) {
    if (lrScale != null && lrScale.length != params.count()) {
      throw new IllegalArgumentException(lrScale.length + " learning-rate scales for " + params.count() + " parameters");
    }
    this.params = params;
    this.h = h;
    this.lrScale = lrScale;
    int k = params.count();
    this.manager = k == 0 ? NDManager.newBaseManager() : params.parameter(0).getArray().getManager().newSubManager();
    this.m = new NDArray[k];
    this.v = new NDArray[k];
    for (int i = 0; i < k; i++) {
      m[i] = manager.zeros(params.shape(i));
      v[i] = manager.zeros(params.shape(i));
    }
  }

  /** Number of updates made. */
  public long steps() { return step; }

  /** One update from {@code flatGrad} (layout of {@link ParameterVector}) at rate {@code lr}. */
  public void step(float[] flatGrad, float baseLr) {
    if (flatGrad.length < params.size()) {
      throw new IllegalArgumentException("gradient has " + flatGrad.length + " values, parameters " + params.size());
    }
    step++;
    double bc1 = 1 - Math.pow(h.beta1(), step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(h.beta2(), step));
    boolean grad = Autograd.gradMode(false); // in-place writes to leaves that require grad
    try (NDScope scope = new NDScope()) {
      for (int i = 0; i < params.count(); i++) {
        float lr = lrScale == null ? baseLr : baseLr * lrScale[i];
        float stepSize = (float) (lr / bc1);
        NDArray w = params.parameter(i).getArray();
        NDArray g = manager.create(FloatBuffer.wrap(flatGrad, params.offset(i), params.length(i)).slice(), w.getShape());
        boolean decay = h.weightDecay() > 0 && (h.decayVectors() || w.getShape().dimension() > 1);
        if (decay) w.muli(1 - lr * h.weightDecay());
        m[i].muli(h.beta1()).addi(Scalars.mul(g, 1 - h.beta1()));
        v[i].muli(h.beta2()).addi(g.square().muli(1 - h.beta2()));
        NDArray denom = v[i].sqrt().divi((float) bc2Sqrt).addi(h.eps());
        w.subi(m[i].div(denom).muli(stepSize));
      }
    } finally {
      Autograd.gradMode(grad);
    }
  }

  public OptimizerState exportState() {
    float[][] ms = new float[m.length][];
    float[][] vs = new float[v.length][];
    for (int i = 0; i < m.length; i++) {
      ms[i] = m[i].toFloatArray();
      vs[i] = v[i].toFloatArray();
    }
    return new OptimizerState(step, ms, vs);
  }

  public void importState(OptimizerState s) {
    if (s.m().length != m.length) {
      throw new IllegalArgumentException("optimizer state has " + s.m().length + " parameters, model " + m.length);
    }
    boolean grad = Autograd.gradMode(false);
    try (NDScope scope = new NDScope()) {
      for (int i = 0; i < m.length; i++) {
        if (s.m()[i].length != params.length(i) || s.v()[i].length != params.length(i)) {
          throw new IllegalArgumentException("optimizer state of parameter " + params.names().get(i)
              + " has " + s.m()[i].length + " values, expected " + params.length(i));
        }
        m[i].set(new ai.djl.ndarray.index.NDIndex("..."), manager.create(s.m()[i], m[i].getShape()));
        v[i].set(new ai.djl.ndarray.index.NDIndex("..."), manager.create(s.v()[i], v[i].getShape()));
      }
    } finally {
      Autograd.gradMode(grad);
    }
    step = s.step();
  }

  @Override
  public void close() {
    manager.close();
  }
}
