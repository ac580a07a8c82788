package org.phenolip.model.image;

/** An image that cannot be decoded (over the pixel limits, truncated, corrupt, or a format ImageIO does not read). */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The reject reason ({@code image-too-large}, {@code image-truncated}, …), or {@code image-corrupt}. */
  public String reason() {
    return getCause() instanceof org.phenolip.core.image.ImageRejectedException r ? r.code() : "image-corrupt";
  }
}
