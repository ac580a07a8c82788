package org.phenolip.train.loop;

import org.phenolip.train.dist.Collective;

/** Counts the wall time spent in collective calls (the step's communication time). */
final class TimedCollective implements Collective {
  private final Collective inner;
  private long nanos;

  TimedCollective(Collective inner) {
    this.inner = inner;
  }

  long nanos() { return nanos; }

  /** The collective itself, for work whose waiting is timed by the caller ({@link #addNanos}). */
  Collective inner() { return inner; }

  /** Adds time the caller spent waiting for communication run elsewhere (a comm thread). */
  void addNanos(long n) { nanos += n; }

  /** Wait-for-peer nanoseconds of the underlying ring (0 when it does not count them). */
  long waitNanos() {
    return inner instanceof org.phenolip.train.dist.RingCollective rc ? rc.waitNanos() : 0;
  }

  @Override
  public void allReduceSum(float[] data, int off, int len) {
    long t = System.nanoTime();
    try {
      inner.allReduceSum(data, off, len);
    } finally {
      nanos += System.nanoTime() - t;
    }
  }

  @Override
  public void reduceScatterSum(float[] data, int[] bounds) {
    long t = System.nanoTime();
    try {
      inner.reduceScatterSum(data, bounds);
    } finally {
      nanos += System.nanoTime() - t;
    }
  }

  @Override public int rank() { return inner.rank(); }

  @Override public int size() { return inner.size(); }

  @Override
  public void allReduceSum(float[] data) {
    long t = System.nanoTime();
    try {
      inner.allReduceSum(data);
    } finally {
      nanos += System.nanoTime() - t;
    }
  }

  @Override
  public float[] allGather(float[] local) {
    long t = System.nanoTime();
    try {
      return inner.allGather(local);
    } finally {
      nanos += System.nanoTime() - t;
    }
  }

  @Override
  public void barrier() {
    long t = System.nanoTime();
    try {
      inner.barrier();
    } finally {
      nanos += System.nanoTime() - t;
    }
  }

  @Override
  public float[] broadcast(float[] data, int root) {
    long t = System.nanoTime();
    try {
      return inner.broadcast(data, root);
    } finally {
      nanos += System.nanoTime() - t;
    }
  }

  @Override public void close() { inner.close(); }
}
