package org.phenolip.curate.refine;

import java.io.Serializable;

/**
 * An API key read from an environment variable. It only ever leaves this object as an
 * {@code Authorization} header value: {@link #toString()} is redacted, so records, manifests,
 * exception messages and logs that print settings never show it.
 */
public final class ApiKey implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String value;
  private final String source;

  private ApiKey(String value, String source) {
    this.value = value == null || value.isBlank() ? null : value.strip();
    this.source = source;
  }

  /** The key in environment variable {@code name}; absent (no header sent) when unset or blank. */
  public static ApiKey fromEnv(String name) {
    return new ApiKey(System.getenv(name), "$" + name);
  }

  /** A key given directly (tests, embedding callers). */
  public static ApiKey of(String value) {
    return new ApiKey(value, "given");
  }

  public boolean present() { return value != null; }

  /** Where the key came from, e.g. {@code $OPENAI_API_KEY}; safe to print. */
  public String source() { return source; }

  String bearer() { return "Bearer " + value; }

  /** {@code text} with every occurrence of the key replaced by {@code ***}. */
  String redact(String text) { return value == null || text == null ? text : text.replace(value, "***"); }

  @Override public String toString() { return "ApiKey[" + source + (present() ? ", redacted]" : ", unset]"); }
}
