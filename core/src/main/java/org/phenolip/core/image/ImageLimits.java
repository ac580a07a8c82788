package org.phenolip.core.image;

/**
 * What an image may cost before it is decoded: the encoded size and the pixel count and
 * dimensions read from the header. A decoded RGB image takes 4 bytes per pixel (more while
 * converting), so {@code maxPixels} bounds the heap one image can take.
 *
 * @param maxPixels width × height, checked from the header before any pixel is allocated
 * @param maxWidth widest image accepted
 * @param maxHeight tallest image accepted
 * @param maxBytes largest encoded image accepted (bytes read from a stream stop here)
 */
public record ImageLimits(long maxPixels, int maxWidth, int maxHeight, long maxBytes) implements java.io.Serializable {
  /** 40 megapixels (≈160 MB as RGB), 20,000 px a side, 64 MiB encoded. */
  public static final ImageLimits DEFAULT = new ImageLimits(40_000_000L, 20_000, 20_000, 64L << 20);

  public ImageLimits {
    if (maxPixels < 1 || maxWidth < 1 || maxHeight < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("image limits must be positive: pixels=" + maxPixels
          + " width=" + maxWidth + " height=" + maxHeight + " bytes=" + maxBytes);
    }
  }

  /** The defaults with another pixel budget (width and height capped at that budget too). */
  public static ImageLimits ofMegapixels(double megapixels) {
    long pixels = Math.max(1L, Math.round(megapixels * 1_000_000d));
    int side = (int) Math.min(DEFAULT.maxWidth, pixels);
    return new ImageLimits(pixels, side, side, DEFAULT.maxBytes);
  }

  public ImageLimits withMaxBytes(long bytes) {
    return new ImageLimits(maxPixels, maxWidth, maxHeight, bytes);
  }

  /** Null when a {@code width × height} image fits, else why not (one line). */
  public String exceeded(long width, long height) {
    if (width > maxWidth || height > maxHeight) {
      return width + "x" + height + " px exceeds the " + maxWidth + "x" + maxHeight + " limit";
    }
    if (width * height > maxPixels) {
      return width + "x" + height + " px = " + (width * height) + " pixels exceeds the limit of " + maxPixels;
    }
    return null;
  }
}
