package org.phenolip.curate.refine;

import java.io.Serializable;
import java.net.URI;

/**
 * How to reach an OpenAI-compatible chat-completions endpoint and how hard to try.
 *
 * @param endpoint base URL ({@code http://host:8000/v1}) or the full {@code .../chat/completions} URL
 * @param maxRequests HTTP requests allowed per run, all executors together (retries count)
 * @param concurrency requests in flight per executor JVM at most
 * @param maxAttempts tries per input (first try + retries on 429, 5xx, timeouts)
 * @param maxRetryAfterMs the longest {@code Retry-After} honoured; a longer one gives up at once
 */
public record LlmSettings(String endpoint, String model, ApiKey key, long maxRequests, int concurrency, int timeoutMs,
                          int maxAttempts, int backoffMs, int maxRetryAfterMs) implements Serializable {
  public LlmSettings {
    if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
      throw new IllegalArgumentException("--llm-endpoint must be an http(s) URL, got: " + endpoint);
    }
    URI.create(endpoint);
    if (model == null || model.isBlank()) throw new IllegalArgumentException("--llm-model is required with --llm-endpoint");
    if (maxRequests < 0) throw new IllegalArgumentException("--llm-max-requests must be >= 0");
    if (concurrency < 1) throw new IllegalArgumentException("--llm-concurrency must be >= 1");
    if (timeoutMs < 1 || maxAttempts < 1 || backoffMs < 0 || maxRetryAfterMs < 0) {
      throw new IllegalArgumentException("LLM timeout and attempts must be >= 1, back-off >= 0");
    }
  }

  /** Defaults: 4 in flight per executor, 60 s per request, 4 attempts, 500 ms base back-off, Retry-After up to 120 s. */
  public static LlmSettings of(String endpoint, String model, ApiKey key, long maxRequests) {
    return new LlmSettings(endpoint, model, key, maxRequests, 4, 60_000, 4, 500, 120_000);
  }

  public LlmSettings withLimits(int concurrency, int timeoutMs, int maxAttempts, int backoffMs) {
    return new LlmSettings(endpoint, model, key, maxRequests, concurrency, timeoutMs, maxAttempts, backoffMs, maxRetryAfterMs);
  }

  public URI completionsUri() {
    String e = endpoint.replaceAll("/+$", "");
    return URI.create(e.endsWith("/chat/completions") ? e : e + "/chat/completions");
  }

  /** What refine_method says for an accepted answer: {@code llm:<model>:<prompt version>}. */
  public String method() { return "llm:" + model + ":" + RefinePrompt.VERSION; }
}
