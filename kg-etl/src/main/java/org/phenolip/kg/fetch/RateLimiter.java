package org.phenolip.kg.fetch;

/**
 * Grants request starts at least {@code 1/rate} seconds apart, measured between the grants
 * themselves, so any window of {@code t} seconds holds at most {@code rate·t + 1} starts. Shared
 * by all threads of one fetcher; a Spark task gets its share of the total rate ({@code --max-rps /
 * tasks}). The first start waits one interval: a fetch runs in waves of tasks, and a task of the
 * next wave must not start right after the last request of the one before it.
 *
 * <p>Spacing is counted from the previous grant, not from a reserved slot: with reserved slots a
 * thread that wakes late and the next one that wakes on time start closer than the interval,
 * and FetchBench saw 43 requests in one second at {@code --max-rps 40} (bound 42 for 2 tasks).
 */
public final class RateLimiter {
  private final long intervalNanos;
  private long last;

  public RateLimiter(double perSecond) {
    this.intervalNanos = perSecond <= 0 || Double.isInfinite(perSecond) ? 0 : (long) Math.ceil(1e9 / perSecond);
    this.last = System.nanoTime();
  }

  public double rate() {
    return intervalNanos == 0 ? Double.POSITIVE_INFINITY : 1e9 / intervalNanos;
  }

  /** Blocks until this caller may start a request. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) return;
    while (true) {
      long wait;
      synchronized (this) {
        long now = System.nanoTime();
        wait = last + intervalNanos - now;
        if (wait <= 0) {
          last = now;
          return;
        }
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
