package org.phenolip.kg.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long INTERVAL = 20_000_000L; // 50 per second

  @Test
  void threadsSharingOneLimiterStartAtLeastOneIntervalApart() throws Exception {
    long t0 = System.nanoTime();
    RateLimiter limiter = new RateLimiter(50);
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 40; i++) {
      pool.submit(() -> {
        limiter.acquire();
        starts.add(System.nanoTime());
        return null;
      });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(40, starts.size());
    assertNeverAhead(starts, t0);
  }

  @Test
  void aLimiterCreatedAfterAnotherKeepsTheSpacing() throws Exception {
    // Two waves of one task slot: the second wave's limiter is new, yet its first start must not
    // follow the first wave's last start by less than one interval.
    List<Long> starts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int wave = 0; wave < 3; wave++) {
      RateLimiter limiter = new RateLimiter(50);
      for (int i = 0; i < 5; i++) {
        limiter.acquire();
        starts.add(System.nanoTime());
      }
    }
    assertNeverAhead(starts, t0);
  }

  @Test
  void anUnboundedLimiterNeverWaits() throws Exception {
    RateLimiter limiter = new RateLimiter(0);
    long t0 = System.nanoTime();
    for (int i = 0; i < 10_000; i++) limiter.acquire();
    assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
    assertEquals(Double.POSITIVE_INFINITY, limiter.rate());
  }

  @Test
  void noWindowHoldsMoreStartsThanTheRateEvenAcrossWaves() throws Exception {
    // Spacing alone lets a closed second hold rate + 1 starts; the window rule keeps it at the
    // rate, with a margin for travel time, and a new limiter (the next wave's task) counts the
    // window before it as full.
    List<Long> grants = Collections.synchronizedList(new ArrayList<>());
    for (int wave = 0; wave < 3; wave++) {
      RateLimiter limiter = new RateLimiter(10);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      for (int i = 0; i < 10; i++) pool.submit(() -> grants.add(limiter.acquire()));
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
    List<Long> g = new ArrayList<>(grants);
    g.sort(null);
    long window = (long) (1e9 * (1 + RateLimiter.MARGIN));
    for (int i = 0, j = 0; i < g.size(); i++) {
      while (g.get(i) - g.get(j) >= window) j++;
      assertTrue(i - j + 1 <= 10, (i - j + 1) + " grants within " + window / 1e6 + " ms, rate 10/s");
    }
  }

  @Test
  void theWindowFollowsTheRate() {
    RateLimiter forty = new RateLimiter(40);
    assertEquals(40, forty.perWindow());
    assertEquals(1.05e9, forty.window(), 1);
    RateLimiter fractional = new RateLimiter(2.5); // 2 a second, never 3
    assertEquals(2, fractional.perWindow());
    assertEquals(1.05e9, fractional.window(), 1);
    RateLimiter slow = new RateLimiter(0.5); // one start in any 2 s (and the margin)
    assertEquals(1, slow.perWindow());
    assertEquals(2.1e9, slow.window(), 1);
  }

  /**
   * The k-th start (0-based) comes no earlier than k + 1 intervals after {@code t0}. Late wake-ups may
   * bunch actual starts, but never ahead of the schedule, so a rate above the bound cannot build up.
   */
  private static void assertNeverAhead(List<Long> starts, long t0) {
    List<Long> s = new ArrayList<>(starts);
    s.sort(null);
    for (int k = 0; k < s.size(); k++) {
      long earliest = t0 + (k + 1) * INTERVAL;
      assertTrue(s.get(k) >= earliest, "start " + k + " came " + (earliest - s.get(k)) / 1e6 + " ms ahead of the schedule");
    }
  }
}
