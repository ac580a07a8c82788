package org.phenolip.kg.fetch;

import java.io.IOException;

/**
 * A request that did not give the expected bytes. {@link #reason()} is the short code the failure
 * summary and the fetch log use ({@code http-404}, {@code http-503}, {@code md5-mismatch},
 * {@code timeout}, {@code connection-reset}, {@code truncated}, {@code io-error}, ...);
 * {@link #retryable()} tells the retry loop whether another attempt can help.
 */
public final class FetchException extends IOException {
  private final String reason;
  private final boolean retryable;
  private final long retryAfterMillis;

  public FetchException(String reason, String message, boolean retryable, long retryAfterMillis) {
    super(message);
    this.reason = reason;
    this.retryable = retryable;
    this.retryAfterMillis = retryAfterMillis;
  }

  public FetchException(String reason, String message, boolean retryable) {
    this(reason, message, retryable, -1);
  }

  public String reason() { return reason; }

  public boolean retryable() { return retryable; }

  /** The server's Retry-After in ms, or -1. */
  public long retryAfterMillis() { return retryAfterMillis; }

  /** Maps an I/O error of the HTTP stack to a reason code. */
  public static FetchException of(IOException e) {
    if (e instanceof FetchException f) return f;
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    String cls = e.getClass().getSimpleName();
    String reason;
    if (e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.SocketTimeoutException || m.contains("timed out")) {
      reason = "timeout";
    } else if (m.contains("reset") || m.contains("broken pipe") || m.contains("received no bytes")) {
      reason = "connection-reset";
    } else if (m.contains("eof") || m.contains("truncat") || m.contains("fixed content-length") || m.contains("closed")
        || m.contains("premature")) {
      reason = "truncated";
    } else if (e instanceof java.net.ConnectException) {
      reason = "connect-refused";
    } else {
      reason = "io-error";
    }
    return new FetchException(reason, cls + ": " + e.getMessage(), true);
  }
}
