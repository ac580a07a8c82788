package org.phenolip.kg.fetch;

/**
 * Spaces request starts at least {@code 1/rate} seconds apart, so any window of {@code t} seconds
 * holds at most {@code rate·t + 1} starts. Shared by all threads of one fetcher; a Spark task gets
 * its share of the total rate ({@code --max-rps / tasks}). The first start waits one interval: a
 * fetch runs in waves of tasks, and a task of the next wave must not start right after the last
 * request of the one before it, or a window spanning the two would exceed the bound.
 */
public final class RateLimiter {
  private final long intervalNanos;
  private long next;

  public RateLimiter(double perSecond) {
    this.intervalNanos = perSecond <= 0 || Double.isInfinite(perSecond) ? 0 : (long) (1e9 / perSecond);
    this.next = System.nanoTime() + intervalNanos;
  }

  public double rate() {
    return intervalNanos == 0 ? Double.POSITIVE_INFINITY : 1e9 / intervalNanos;
  }

  /** Blocks until this caller may start a request. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) return;
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, next);
      next = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
  }
}
