package org.phenolip.train.dist;

/**
 * The collective operations synchronous data-parallel training needs, over the workers of
 * one run. Every worker calls the same operations in the same order (as in MPI/NCCL).
 * Implementations: {@link LocalCollective} (one worker) and {@link RingCollective} (a TCP
 * ring across Spark barrier tasks, rendezvous by {@link SparkRendezvous}).
 */
public interface Collective extends AutoCloseable {
  /** This worker's index, 0..size-1. */
  int rank();

  /** Number of workers. */
  int size();

  /** Element-wise sum over all workers, written back into {@code data} on every worker. */
  void allReduceSum(float[] data);

  /**
   * Concatenation of every worker's {@code local} in rank order. Workers may pass arrays of
   * different lengths (a last, smaller batch).
   */
  float[] allGather(float[] local);

  /** Returns once every worker has called it. */
  void barrier();

  /**
   * {@code data} of worker {@code root}, bit for bit, on every worker (the others' argument is
   * ignored). Used to start every replica from rank 0's initial parameters.
   */
  default float[] broadcast(float[] data, int root) {
    if (root < 0 || root >= size()) throw new IllegalArgumentException("root " + root + " not in 0.." + (size() - 1));
    return allGather(rank() == root ? data : new float[0]);
  }

  @Override
  void close();
}
