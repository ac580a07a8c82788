package org.phenolip.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.phenolip.model.engine.Autograd;
import org.phenolip.train.dist.Collective;

/** One step as a replica sees it; valid only during {@link TrainingTask#lossAndBackward}. */
public final class StepContext {
  private final Collective collective;
  private final NDManager manager;
  private final long globalStep;
  private final int epoch;
  private final int globalBatch;
  private final long seed;

  StepContext(Collective collective, NDManager manager, long globalStep, int epoch, int globalBatch, long seed) {
    this.collective = collective;
    this.manager = manager;
    this.globalStep = globalStep;
    this.epoch = epoch;
    this.globalBatch = globalBatch;
    this.seed = seed;
  }

  public int rank() { return collective.rank(); }

  public int workers() { return collective.size(); }

  public long globalStep() { return globalStep; }

  public int epoch() { return epoch; }

  public int globalBatch() { return globalBatch; }

  public int localBatch() { return globalBatch / collective.size(); }

  /** Index of this worker's first row within the global batch (rank order). */
  public int localRowOffset() { return rank() * localBatch(); }

  /** The collective, for all-gathers inside the loss (its time counts as communication). */
  public Collective collective() { return collective; }

  /** A manager closed after the step: attach temporaries here. */
  public NDManager manager() { return manager; }

  /** A seed for this step and worker, the same when the step is repeated after a resume. */
  public long stepSeed() {
    long h = seed * 0x9E3779B97F4A7C15L + globalStep * 0xBF58476D1CE4E5B9L + rank() * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /** Back-propagates a scalar loss into the model's gradients. */
  public void backward(NDArray loss) {
    Autograd.backward(loss);
  }

  /** Back-propagates with an explicit gradient for {@code output}. */
  public void backward(NDArray output, NDArray outputGradient) {
    Autograd.backward(output, outputGradient);
  }

  /**
   * Every worker's {@code local} rows (2-D, same column count everywhere) stacked in rank
   * order, detached from the graph, in this step's manager.
   */
  public NDArray allGatherRows(NDArray local) {
    Shape s = local.getShape();
    if (s.dimension() != 2) throw new IllegalArgumentException("allGatherRows needs a 2-D array, got " + s);
    long cols = s.get(1);
    float[] all = collective.allGather(local.toFloatArray());
    if (all.length % cols != 0) {
      throw new IllegalStateException("gathered " + all.length + " values, not a multiple of " + cols + " columns");
    }
    return manager.create(all, new Shape(all.length / cols, cols));
  }
}
