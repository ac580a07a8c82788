package org.phenolip.core.image;

/**
 * An image refused by {@link SafeImageDecoder}: a reason code that goes into reject rows and
 * manifests as it is, and a one-line detail for people.
 */
public final class ImageRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an image was refused; {@link #code()} is the reject reason written to manifests. */
  public enum Reason {
    /** encoded size, pixel count or a dimension over {@link ImageLimits} (read from the header). */
    TOO_LARGE("image-too-large"),
    /** the data ends before the image does (a truncated download or archive entry). */
    TRUNCATED("image-truncated"),
    /** empty, or the decoder found data it cannot make sense of. */
    CORRUPT("image-corrupt"),
    /** no ImageIO reader for this format, or a variant the reader does not support. */
    UNSUPPORTED("image-unsupported");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;
  private final String detail;

  public ImageRejectedException(Reason reason, String detail) {
    super(reason.code() + ": " + detail);
    this.reason = reason;
    this.detail = detail;
  }

  public ImageRejectedException(Reason reason, String detail, Throwable cause) {
    super(reason.code() + ": " + detail, cause);
    this.reason = reason;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  /** The reject reason, e.g. {@code image-too-large}. */
  public String code() {
    return reason.code();
  }

  /** One line saying what was wrong, without the reason code. */
  public String detail() {
    return detail;
  }
}
