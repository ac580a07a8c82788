package org.phenolip.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Many small files written by one task with a few writes in flight: each file is mostly waiting
 * (an S3 PUT, a slow disk's create), so one core keeps several going. At most {@code inFlight}
 * files are held in memory at once; {@link #close} waits for all and reports the first failure.
 */
public final class ParallelWrites implements AutoCloseable {
  private final Storage storage;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final List<Future<?>> pending = new ArrayList<>();

  public ParallelWrites(Storage storage, int inFlight) {
    if (inFlight < 1) throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
    this.storage = storage;
    this.pool = Executors.newFixedThreadPool(inFlight, r -> {
      Thread t = new Thread(r, "phenolip-parallel-writes");
      t.setDaemon(true);
      return t;
    });
    this.slots = new Semaphore(inFlight);
  }

  /** Starts writing {@code data} to {@code path}; blocks while {@code inFlight} writes are running. */
  public void write(String path, byte[] data) throws IOException {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted before writing " + path);
    }
    pending.add(pool.submit(() -> {
      try {
        storage.write(path, data);
        return null;
      } finally {
        slots.release();
      }
    }));
  }

  /** Waits for every write; the first failure is thrown (as an IOException naming its cause). */
  @Override
  public void close() throws IOException {
    try {
      IOException first = null;
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (first == null) first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for writes");
        }
      }
      if (first != null) throw first;
    } finally {
      pool.shutdownNow();
    }
  }
}
