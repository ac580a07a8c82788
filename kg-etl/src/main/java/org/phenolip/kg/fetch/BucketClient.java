package org.phenolip.kg.fetch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The polite way to the bucket: every attempt waits for the {@link RateLimiter}, holds one of
 * {@code maxConcurrency} permits while it runs, and is counted; retryable failures (429, 5xx,
 * timeouts, resets, truncated or wrong bytes) are retried with {@link RetryPolicy}; a download is
 * checked against the MD5 the metadata JSON gives. After the last attempt the object's failure is
 * thrown with its reason, for the summary.
 */
public final class BucketClient implements AutoCloseable {
  private final ObjectStore store;
  private final RateLimiter limiter;
  private final Semaphore permits;
  private final RetryPolicy retry;
  private final FetchStats stats;

  public BucketClient(ObjectStore store, int maxConcurrency, double maxRps, RetryPolicy retry, FetchStats stats) {
    this.store = store;
    this.limiter = new RateLimiter(maxRps);
    this.permits = new Semaphore(Math.max(1, maxConcurrency), true);
    this.retry = retry;
    this.stats = stats;
  }

  public FetchStats stats() { return stats; }

  public String describe() { return store.describe(); }

  /** The object, checked against {@code md5} when given (null: no check). */
  public byte[] get(String key, String md5) throws IOException {
    return get(key, md5, null);
  }

  /** As {@link #get(String, String)}, also counting this object's attempts in {@code attempts}. */
  public byte[] get(String key, String md5, java.util.concurrent.atomic.AtomicLong attempts) throws IOException {
    return attempt("get " + key, attempts, () -> {
      byte[] b = store.get(key);
      stats.bytes(b.length);
      if (md5 != null && !Md5.hex(b).equals(md5)) {
        throw new FetchException("md5-mismatch", key + ": MD5 " + Md5.hex(b) + " != " + md5 + " (" + b.length + " bytes)", true);
      }
      return b;
    });
  }

  /** Every object under {@code prefix} (all pages). */
  public List<ObjectStore.Listed> listAll(String prefix) throws IOException {
    List<ObjectStore.Listed> out = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ObjectStore.Page p = attempt("list " + prefix, null, () -> store.list(prefix, null, t));
      out.addAll(p.contents());
      token = p.nextToken();
    } while (token != null);
    return out;
  }

  /** One level under {@code prefix}: objects and common prefixes, with delimiter "/" (all pages). */
  public ObjectStore.Page listLevel(String prefix) throws IOException {
    List<ObjectStore.Listed> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ObjectStore.Page p = attempt("list " + prefix, null, () -> store.list(prefix, "/", t));
      contents.addAll(p.contents());
      prefixes.addAll(p.commonPrefixes());
      token = p.nextToken();
    } while (token != null);
    return new ObjectStore.Page(contents, prefixes, null);
  }

  interface Call<T> {
    T run() throws IOException;
  }

  private <T> T attempt(String what, java.util.concurrent.atomic.AtomicLong attempts, Call<T> call) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        // permit first, then the rate slot: a start never waits on a permit after its slot
        permits.acquire();
        try {
          limiter.acquire();
        } catch (InterruptedException e) {
          permits.release();
          throw e;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted: " + what);
      }
      FetchException failure;
      try {
        stats.request();
        if (attempts != null) attempts.incrementAndGet();
        return call.run();
      } catch (java.io.InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        failure = FetchException.of(e);
      } finally {
        permits.release();
      }
      if (!failure.retryable() || attempt + 1 >= retry.maxAttempts()) throw failure;
      stats.retry();
      try {
        Thread.sleep(retry.delayMillis(attempt, failure.retryAfterMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted: " + what);
      }
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
