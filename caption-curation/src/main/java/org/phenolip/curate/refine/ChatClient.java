package org.phenolip.curate.refine;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs chat-completions requests with {@link java.net.http.HttpClient}: a timeout per request,
 * retries with exponential back-off (and jitter) on 429, 408, 5xx, timeouts and connection errors,
 * {@code Retry-After} honoured (seconds or an HTTP date) up to {@link LlmSettings#maxRetryAfterMs()}.
 * Every attempt takes one request from the caller's {@link RequestBudget}. Never throws for HTTP
 * trouble: a {@link Reply} says what happened. The key goes only into the Authorization header.
 */
public final class ChatClient {
  private static final Logger LOG = LoggerFactory.getLogger(ChatClient.class);
  private static final int MAX_BACKOFF_MS = 30_000;

  /** Requests this caller may still make. */
  public interface RequestBudget {
    boolean take();
  }

  /**
   * @param body the 200 response body, or null on failure
   * @param failure a short reason code when {@code body} is null ({@code http-429}, {@code http-500},
   *     {@code http-401}, {@code timeout}, {@code io-error}, {@code budget-exhausted}, {@code interrupted})
   * @param requests HTTP requests made
   */
  public record Reply(String body, String failure, String detail, int requests) {
    public boolean ok() { return body != null; }
  }

  private final LlmSettings settings;
  private final HttpClient http;

  public ChatClient(LlmSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(settings.timeoutMs())).build();
  }

  public Reply complete(String requestBody, RequestBudget budget) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(settings.completionsUri())
        .timeout(Duration.ofMillis(settings.timeoutMs()))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(requestBody, StandardCharsets.UTF_8));
    if (settings.key().present()) rb.header("Authorization", settings.key().bearer());
    HttpRequest request = rb.build();
    String failure = "budget-exhausted";
    String detail = "no request left of --llm-max-requests " + settings.maxRequests();
    int requests = 0;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (!budget.take()) {
        if (requests > 0) detail = "after " + failure + " (" + detail + "), no request left of --llm-max-requests";
        return new Reply(null, "budget-exhausted", detail, requests);
      }
      requests++;
      long waitMs;
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int code = r.statusCode();
        if (code == 200) return new Reply(r.body(), null, null, requests);
        failure = "http-" + code;
        detail = "HTTP " + code + ": " + snippet(r.body());
        if (!(code == 429 || code == 408 || code >= 500)) return new Reply(null, failure, detail, requests);
        long retryAfter = retryAfterMs(r.headers().firstValue("Retry-After").orElse(null));
        if (retryAfter > settings.maxRetryAfterMs()) {
          return new Reply(null, failure, detail + "; Retry-After " + retryAfter / 1000 + " s is over the "
              + settings.maxRetryAfterMs() / 1000 + " s limit", requests);
        }
        waitMs = retryAfter >= 0 ? retryAfter : backoff(attempt);
      } catch (HttpTimeoutException e) {
        failure = "timeout";
        detail = "no answer within " + settings.timeoutMs() + " ms";
        waitMs = backoff(attempt);
      } catch (IOException e) {
        failure = "io-error";
        detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        waitMs = backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Reply(null, "interrupted", "interrupted while waiting for the endpoint", requests);
      }
      if (attempt == settings.maxAttempts()) break;
      LOG.warn("LLM request to {} failed ({}), attempt {}/{}; retrying in {} ms", settings.completionsUri(), failure,
          attempt, settings.maxAttempts(), waitMs);
      try {
        Thread.sleep(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Reply(null, "interrupted", "interrupted during back-off", requests);
      }
    }
    return new Reply(null, failure, detail + " (gave up after " + requests + " attempts)", requests);
  }

  private long backoff(int attempt) {
    long base = Math.min(MAX_BACKOFF_MS, (long) settings.backoffMs() << Math.min(20, attempt - 1));
    return base + (base == 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 4 + 1));
  }

  /** Milliseconds from a Retry-After value (delta-seconds or HTTP-date); -1 when absent or unreadable. */
  static long retryAfterMs(String v) {
    if (v == null || v.isBlank()) return -1;
    String s = v.strip();
    try {
      return Math.max(0, (long) (Double.parseDouble(s) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (RuntimeException e2) {
        return -1;
      }
    }
  }

  /** The start of an error body, one line, with the key (should a server echo it) blanked out. */
  private String snippet(String body) {
    if (body == null) return "";
    String s = body.replaceAll("\\s+", " ").strip();
    if (settings.key().present()) s = settings.key().redact(s);
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}
