package org.phenolip.kg.fetch;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter (AWS's recommendation): attempt {@code n} waits a random
 * time in {@code [0, min(maxDelay, baseDelay·2^n)]}, or the server's Retry-After when it sent one
 * (capped by maxDelay). {@code maxAttempts} counts the first try.
 */
public record RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis) implements Serializable {
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, 200, 20_000);

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
  }

  public long delayMillis(int attempt, long retryAfterMillis) {
    if (retryAfterMillis >= 0) return Math.min(maxDelayMillis, retryAfterMillis);
    long cap = Math.min(maxDelayMillis, baseDelayMillis << Math.min(20, attempt));
    return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
  }
}
