package org.phenolip.train.stage1;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import org.phenolip.train.loop.StepContext;
import org.phenolip.train.loss.GlobalBatchLoss;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.model.engine.Scalars;

/**
 * One exact global-batch contrastive step on this worker, shared by both stages: all-gather
 * the detached embeddings, take this worker's share of the loss and its gradient w.r.t. every
 * gathered row, reduce-scatter those gradients (each worker receives the sums for its own rows),
 * and back-propagate this worker's rows (plus the logit-scale share and any local extra loss)
 * through its towers.
 */
public final class ContrastiveStep {
  private ContrastiveStep() {}

  /**
   * @param a local embeddings of the first side (B_w × D), attached to the graph
   * @param b local embeddings of the second side
   * @param localConcepts concept numbers for multi-positive targets, or null for CLIP's diagonal
   * @param extraLoss a local loss already scaled as this worker's share of a global mean, or null
   * @return what the loop reports: it sums the workers' values and divides by their count, so
   *     this is N times this worker's contrastive and extra shares (the whole global loss with
   *     one worker, or with rows not split evenly plus N times the extra share)
   */
  public static float run(PhenolipModel model, NDArray a, NDArray b, StepContext ctx,
      float[] localConcepts, NDArray extraLoss) {
    int d = (int) a.getShape().get(1);
    int local = (int) a.getShape().get(0);
    float[] ga = ctx.collective().allGather(a.toFloatArray());
    float[] gb = ctx.collective().allGather(b.toFloatArray());
    int total = ga.length / d;
    long[] concepts = null;
    if (localConcepts != null) {
      float[] all = ctx.collective().allGather(localConcepts);
      concepts = new long[all.length];
      for (int i = 0; i < all.length; i++) concepts[i] = (long) all[i];
    }
    int from = ctx.localRowOffset();
    GlobalBatchLoss.Shard shard = GlobalBatchLoss.shard(ctx.manager(), ga, gb, d, model.logitScaleParam(),
        from, from + local, concepts);
    int n = ctx.workers();
    NDArray sliceA, sliceB;
    float reported;
    if (n > 1 && local == ctx.localBatch() && total == n * local) {
      // Each worker back-propagates only its own rows, so it needs only their summed gradients: a
      // reduce-scatter (half an all-reduce's traffic) over blocks laid out rank by rank,
      // [gradient of its a rows | of its b rows]. The loss is summed by the loop's gradient reduce:
      // each worker reports N times its share (the loop averages the reports).
      int block = 2 * local * d;
      float[] grads = new float[n * block];
      int[] bounds = new int[n + 1];
      for (int r = 0; r < n; r++) {
        System.arraycopy(shard.gradImages(), r * local * d, grads, r * block, local * d);
        System.arraycopy(shard.gradTexts(), r * local * d, grads, r * block + local * d, local * d);
        bounds[r + 1] = (r + 1) * block;
      }
      ctx.collective().reduceScatterSum(grads, bounds);
      int mine = ctx.rank() * block;
      sliceA = ctx.manager().create(Arrays.copyOfRange(grads, mine, mine + local * d), a.getShape());
      sliceB = ctx.manager().create(Arrays.copyOfRange(grads, mine + local * d, mine + block), b.getShape());
      reported = n * shard.loss();
    } else {
      // One worker, or rows not split evenly: sum every worker's gradient w.r.t. the gathered rows
      // (and its loss share) in one all-reduce.
      float[] grads = Arrays.copyOf(shard.gradImages(), 2 * total * d + 1);
      System.arraycopy(shard.gradTexts(), 0, grads, total * d, total * d);
      grads[2 * total * d] = shard.loss();
      ctx.collective().allReduceSum(grads);
      sliceA = ctx.manager().create(Arrays.copyOfRange(grads, from * d, (from + local) * d), a.getShape());
      sliceB = ctx.manager().create(Arrays.copyOfRange(grads, total * d + from * d, total * d + (from + local) * d), b.getShape());
      reported = grads[2 * total * d];
    }
    NDArray surrogate = GlobalBatchLoss.surrogate(a, sliceA).add(GlobalBatchLoss.surrogate(b, sliceB));
    // The logit scale t only enters through the loss: its gradient share is a constant factor.
    NDArray t = model.logitScaleParameter().getArray();
    surrogate = surrogate.add(Scalars.mul(t, shard.gradLogitScaleParam()).sum());
    float extra = 0;
    if (extraLoss != null) {
      surrogate = surrogate.add(extraLoss);
      extra = extraLoss.getFloat();
    }
    ctx.backward(surrogate);
    return reported + n * extra;
  }
}
