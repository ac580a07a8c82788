package org.phenolip.kg.fetch;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one fetcher (thread-safe) that add up across Spark tasks: requests sent (every
 * attempt, listings included), retries, bytes received, and named counts (versions fetched,
 * unchanged, skipped, failed by reason...).
 */
public final class FetchStats implements Serializable {
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

  public void request() { requests.incrementAndGet(); }

  public void retry() { retries.incrementAndGet(); }

  public void bytes(long n) { bytes.addAndGet(n); }

  public void count(String name) { count(name, 1); }

  public void count(String name, long n) { counts.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n); }

  public long requests() { return requests.get(); }

  public long retries() { return retries.get(); }

  public long bytes() { return bytes.get(); }

  public long get(String name) {
    AtomicLong v = counts.get(name);
    return v == null ? 0 : v.get();
  }

  /** Named counts, sorted by name. */
  public Map<String, Long> counts() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  public FetchStats add(FetchStats o) {
    requests.addAndGet(o.requests());
    retries.addAndGet(o.retries());
    bytes.addAndGet(o.bytes());
    o.counts().forEach(this::count);
    return this;
  }
}
