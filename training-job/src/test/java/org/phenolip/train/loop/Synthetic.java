package org.phenolip.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.phenolip.model.engine.Scalars;

/** Synthetic paired features with known structure, and the two test losses over {@link TwoTowers}. */
public final class Synthetic {
  private Synthetic() {}

  /** An "image" feature vector and its "caption" feature vector (a fixed linear map of it plus noise). */
  public record Pair(float[] x, float[] y) implements Serializable {}

  public static InMemoryData<Pair> pairs(int n, int xDim, int yDim, long seed) {
    Random rnd = new Random(seed);
    float[][] a = new float[yDim][xDim];
    for (float[] row : a) for (int j = 0; j < xDim; j++) row[j] = (float) rnd.nextGaussian() / (float) Math.sqrt(xDim);
    List<Pair> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] x = new float[xDim];
      for (int j = 0; j < xDim; j++) x[j] = (float) rnd.nextGaussian();
      float[] y = new float[yDim];
      for (int k = 0; k < yDim; k++) {
        double s = 0;
        for (int j = 0; j < xDim; j++) s += a[k][j] * x[j];
        y[k] = (float) (s + 0.1 * rnd.nextGaussian());
      }
      rows.add(new Pair(x, y));
    }
    return new InMemoryData<>(rows);
  }

  static NDArray stack(NDManager m, List<Pair> rows, boolean x) {
    int d = x ? rows.get(0).x().length : rows.get(0).y().length;
    float[] flat = new float[rows.size() * d];
    for (int i = 0; i < rows.size(); i++) System.arraycopy(x ? rows.get(i).x() : rows.get(i).y(), 0, flat, i * d, d);
    return m.create(flat, new Shape(rows.size(), d));
  }

  /** Tower sizes of the test model. */
  public static final int X = 8, Y = 6, HIDDEN = 16, EMBED = 4;

  /** Per-sample loss, MEAN reduction: the image tower regresses the caption's first EMBED features. */
  public static final class Regression implements TrainingTask<Pair> {
    private final int hidden;

    public Regression() {
      this(HIDDEN);
    }

    public Regression(int hidden) {
      this.hidden = hidden;
    }

    /** The mean loss over the local rows: gradients averaged over workers. */
    @Override
    public TrainConfig.Reduction reduction() {
      return TrainConfig.Reduction.MEAN;
    }

    @Override
    public Block buildModel(NDManager manager) {
      return TwoTowers.build(manager, X, Y, hidden, EMBED);
    }

    @Override
    public float lossAndBackward(Block model, List<Pair> batch, StepContext ctx) {
      NDManager m = ctx.manager();
      NDArray x = stack(m, batch, true);
      NDArray y = stack(m, batch, false);
      NDList out = model.forward(new ParameterStore(m, false), new NDList(x, y), true);
      NDArray target = y.get(new NDIndex(":, 0:" + EMBED));
      NDArray loss = out.get(0).sub(target).square().mean();
      ctx.backward(loss);
      return loss.getFloat();
    }
  }

  /**
   * CLIP's symmetric InfoNCE over the global batch, SUM reduction: every worker all-gathers the
   * (detached) embeddings, puts its own live embeddings in its rows, and back-propagates the
   * global loss, so its gradient flows only through its own samples; the sum over workers is
   * the one-worker gradient.
   */
  public static final class Contrastive implements TrainingTask<Pair> {
    private final int hidden;

    public Contrastive() {
      this(HIDDEN);
    }

    public Contrastive(int hidden) {
      this.hidden = hidden;
    }

    /** Each worker back-propagates its part of one global loss: gradients summed. */
    @Override
    public TrainConfig.Reduction reduction() {
      return TrainConfig.Reduction.SUM;
    }

    @Override
    public Block buildModel(NDManager manager) {
      return TwoTowers.build(manager, X, Y, hidden, EMBED);
    }

    @Override
    public float lossAndBackward(Block model, List<Pair> batch, StepContext ctx) {
      NDManager m = ctx.manager();
      NDList out = model.forward(new ParameterStore(m, false),
          new NDList(stack(m, batch, true), stack(m, batch, false)), true);
      NDArray img = withOwnRows(ctx, normalize(out.get(0)));
      NDArray txt = withOwnRows(ctx, normalize(out.get(1)));
      int b = ctx.globalBatch();
      NDArray logits = Scalars.mul(img.matMul(txt.transpose()), 10f);
      NDArray eye = m.eye(b);
      NDArray i2t = Scalars.div(logits.logSoftmax(1).mul(eye).sum(), -b);
      NDArray t2i = Scalars.div(logits.transpose().logSoftmax(1).mul(eye).sum(), -b);
      NDArray loss = Scalars.mul(i2t.add(t2i), 0.5f);
      ctx.backward(loss);
      return loss.getFloat();
    }

    static NDArray normalize(NDArray e) {
      return e.div(e.square().sum(new int[] {1}, true).sqrt());
    }

    /** The gathered global batch with this worker's rows replaced by the live (grad-tracked) ones. */
    static NDArray withOwnRows(StepContext ctx, NDArray local) {
      NDArray all = ctx.allGatherRows(local);
      int off = ctx.localRowOffset();
      long rows = local.getShape().get(0);
      NDList parts = new NDList();
      if (off > 0) parts.add(all.get(new NDIndex("0:" + off)));
      parts.add(local);
      if (off + rows < all.getShape().get(0)) parts.add(all.get(new NDIndex((off + rows) + ":")));
      return parts.size() == 1 ? local : NDArrays.concat(parts, 0);
    }
  }
}
