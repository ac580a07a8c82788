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
