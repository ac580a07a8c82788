package org.phenolip.model.image;

/** An image that cannot be decoded (corrupt, truncated, or a format ImageIO does not read). */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
