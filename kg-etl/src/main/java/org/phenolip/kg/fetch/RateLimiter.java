package org.phenolip.kg.fetch;

/**
 * Grants request starts at most {@code rate} per second, in two rules. Spacing: starts are at
 * least {@code 1/rate} seconds apart (counted between grants, not from reserved slots: a thread
 * that woke late and the next one on time would otherwise start closer). Window: any window of
 * {@link #window} holds at most {@code floor(rate)} starts (one start for rates below 1 per second
 * over a window of {@code 1/rate}). The window is 5% longer than the nominal second, so the server
 * also sees at most {@code floor(rate)} starts in any second as long as a request's travel time
 * varies by less than that margin; spacing alone allows {@code rate + 1} in a closed second, and
 * FetchBench saw 42–43 requests in one second at the server at {@code --max-rps 40}.
 *
 * <p>Shared by all threads of one fetcher; a Spark task gets its share of the total rate
 * ({@code --max-rps / tasks}). A new limiter assumes the window before it was full: a fetch runs
 * in waves of tasks, and a task of the next wave must not add to the last second of the one before.
 */
public final class RateLimiter {
  /** How much longer than its nominal length the window is kept. */
  static final double MARGIN = 0.05;
  /** Beyond this many starts per window, the window shrinks instead (bounded memory). */
  private static final int MAX_PER_WINDOW = 10_000;

  private final long intervalNanos;
  private final long windowNanos;
  private final long[] recent; // the last perWindow grants, a ring; recent[next] is the oldest
  private int next;
  private long last;

  public RateLimiter(double perSecond) {
    if (perSecond <= 0 || Double.isInfinite(perSecond) || Double.isNaN(perSecond)) {
      intervalNanos = 0;
      windowNanos = 0;
      recent = new long[0];
      return;
    }
    intervalNanos = (long) Math.ceil(1e9 / perSecond);
    int perWindow = (int) Math.max(1, Math.min(MAX_PER_WINDOW, Math.floor(perSecond)));
    windowNanos = (long) Math.ceil(Math.max(1e9, perWindow * 1e9 / perSecond) * (1 + MARGIN));
    recent = new long[perWindow];
    long now = System.nanoTime();
    last = now;
    for (int i = 0; i < perWindow; i++) recent[i] = now - (long) (perWindow - 1 - i) * intervalNanos;
  }

  public double rate() {
    return intervalNanos == 0 ? Double.POSITIVE_INFINITY : 1e9 / intervalNanos;
  }

  /** At most {@link #perWindow()} starts fall in any window this long (nanoseconds). */
  public long window() {
    return windowNanos;
  }

  public int perWindow() {
    return recent.length;
  }

  /** Blocks until this caller may start a request; returns the {@link System#nanoTime()} of the grant. */
  public long acquire() throws InterruptedException {
    if (intervalNanos == 0) return System.nanoTime();
    while (true) {
      long wait;
      synchronized (this) {
        long now = System.nanoTime();
        wait = Math.max(last + intervalNanos, recent[next] + windowNanos) - now;
        if (wait <= 0) {
          last = now;
          recent[next] = now;
          next = (next + 1) % recent.length;
          return now;
        }
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
