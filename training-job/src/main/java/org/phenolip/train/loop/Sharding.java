package org.phenolip.train.loop;

import java.util.SplittableRandom;

/**
 * Deterministic data order: each epoch is a permutation of the rows drawn from (seed, epoch);
 * global step s of the epoch takes rows [s·B, (s+1)·B) of it, and worker w of N takes the
 * w-th slice of B/N. So N workers see, together, exactly the batch one worker would see, and
 * every worker takes floor(rows / B) steps per epoch (the remainder is dropped that epoch;
 * a different permutation next epoch uses it).
 */
public final class Sharding implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final long rows;
  private final int globalBatch;
  private final int workers;
  private final long seed;
  private transient int cachedEpoch;
  private transient int[] perm;

  public Sharding(long rows, int globalBatch, int workers, long seed) {
    if (workers < 1) throw new IllegalArgumentException("workers must be >= 1: " + workers);
    if (globalBatch < workers || globalBatch % workers != 0) {
      throw new IllegalArgumentException("global batch " + globalBatch + " must be a positive multiple of the "
          + workers + " workers (each worker takes batch/workers rows per step)");
    }
    if (rows < globalBatch) {
      throw new IllegalArgumentException(rows + " training rows make no full global batch of " + globalBatch);
    }
    if (rows > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("more than 2^31 rows: " + rows);
    this.rows = rows;
    this.globalBatch = globalBatch;
    this.workers = workers;
    this.seed = seed;
  }

  public long stepsPerEpoch() {
    return rows / globalBatch;
  }

  public int localBatch() {
    return globalBatch / workers;
  }

  /** Row indices of {@code rank}'s share of step {@code stepInEpoch} of {@code epoch}. */
  public long[] indices(int epoch, long stepInEpoch, int rank) {
    if (stepInEpoch < 0 || stepInEpoch >= stepsPerEpoch()) {
      throw new IllegalArgumentException("step " + stepInEpoch + " outside epoch of " + stepsPerEpoch());
    }
    int[] p = permutation(epoch);
    int local = localBatch();
    long from = stepInEpoch * globalBatch + (long) rank * local;
    long[] out = new long[local];
    for (int i = 0; i < local; i++) out[i] = p[(int) (from + i)];
    return out;
  }

  public long rows() {
    return rows;
  }

  public int globalBatch() {
    return globalBatch;
  }

  public int workers() {
    return workers;
  }

  /**
   * Where each row sits in {@code epoch}'s order: {@code positions(e)[i]} is the place of row i
   * in the permutation (its global step is place / B, its rank (place % B) / (B/N)). A fresh
   * array, the inverse of the permutation {@link #indices} reads.
   */
  public int[] positions(int epoch) {
    int[] p = permutation(epoch);
    int[] pos = new int[p.length];
    for (int k = 0; k < p.length; k++) pos[p[k]] = k;
    return pos;
  }

  private int[] permutation(int epoch) {
    if (perm == null || epoch != cachedEpoch) {
      int n = (int) rows;
      int[] p = new int[n];
      for (int i = 0; i < n; i++) p[i] = i;
      // SplittableRandom's algorithm is specified, so every JVM draws the same permutation.
      SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      perm = p;
      cachedEpoch = epoch;
    }
    return perm;
  }
}
