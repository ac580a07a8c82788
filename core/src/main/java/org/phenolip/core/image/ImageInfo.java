package org.phenolip.core.image;

/** What an image header says: the format name ImageIO gives ("png", "jpeg", …) and its size. */
public record ImageInfo(String format, int width, int height) {
  public long pixels() {
    return (long) width * height;
  }
}
