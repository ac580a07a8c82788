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
   * Element-wise sum of {@code data[off, off+len)} over all workers, in place; the rest of
   * {@code data} is untouched. Every worker passes the same {@code len}. The default copies the
   * range; {@link RingCollective} reduces it where it lies.
   */
  default void allReduceSum(float[] data, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, data.length);
    if (off == 0 && len == data.length) {
      allReduceSum(data);
      return;
    }
    float[] part = java.util.Arrays.copyOfRange(data, off, off + len);
    allReduceSum(part);
    System.arraycopy(part, 0, data, off, len);
  }

  /**
   * Reduce-scatter: {@code bounds} (size()+1 ascending offsets from 0 to data.length) cut
   * {@code data} into one block per rank; on return this worker's block
   * {@code data[bounds[rank], bounds[rank+1])} holds the element-wise sum over all workers.
   * What the other blocks hold is unspecified. The default all-reduces everything.
   */
  default void reduceScatterSum(float[] data, int[] bounds) {
    if (bounds.length != size() + 1 || bounds[0] != 0 || bounds[size()] != data.length) {
      throw new IllegalArgumentException("reduce-scatter needs " + (size() + 1) + " bounds from 0 to " + data.length);
    }
    allReduceSum(data);
  }

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
