package org.phenolip.train.loop;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares the next {@code depth} local batches (image decoding, augmentation:
 * {@link TrainingTask#prepare}) on a background thread while the replica computes the current
 * one. Rows are read from the source on the replica's thread (Spark's shuffle iterators belong
 * to the task thread); only the preparation runs in the background.
 */
final class PrefetchingFeed<T> implements BatchFeed<T> {
  private record Pending<T>(long step, Future<List<T>> rows) {}

  private final BatchFeed<T> source;
  private final TrainingTask<T> task;
  private final int firstGlobalRow;
  private final long stop;
  private final int depth;
  private final ExecutorService worker;
  private final ArrayDeque<Pending<T>> ahead = new ArrayDeque<>();

  /**
   * @param firstGlobalRow this rank's first row within the global batch (augmentation seeds
   *     depend on the global row, not on the split)
   * @param stop the step after the last one the replica will ask for
   */
  PrefetchingFeed(BatchFeed<T> source, TrainingTask<T> task, int rank, int firstGlobalRow, long stop, int depth) {
    if (depth < 1) throw new IllegalArgumentException("prefetch depth must be >= 1: " + depth);
    this.source = source;
    this.task = task;
    this.firstGlobalRow = firstGlobalRow;
    this.stop = stop;
    this.depth = depth;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "prefetch-rank-" + rank);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public List<T> batch(long step) {
    if (ahead.isEmpty()) submit(step);
    Pending<T> head = ahead.poll();
    if (head.step() != step) {
      throw new IllegalStateException("steps must be asked for in order: prefetched " + head.step() + ", asked " + step);
    }
    long next = (ahead.isEmpty() ? step : ahead.peekLast().step()) + 1;
    while (ahead.size() < depth && next < stop) submit(next++);
    try {
      return head.rows().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing step " + step, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) throw re;
      if (c instanceof Error err) throw err;
      throw new IllegalStateException("preparing step " + step + ": " + c, c);
    }
  }

  private void submit(long step) {
    List<T> rows = source.batch(step);
    ahead.add(new Pending<>(step, worker.submit(() -> task.prepare(rows, step, firstGlobalRow))));
  }

  @Override
  public void close() {
    worker.shutdownNow();
    source.close();
  }
}
