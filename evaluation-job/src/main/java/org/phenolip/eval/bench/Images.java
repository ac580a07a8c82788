package org.phenolip.eval.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.phenolip.core.image.ImageLimits;
import org.phenolip.core.image.ImageRejectedException;
import org.phenolip.core.image.SafeImageDecoder;

/** Image bytes: decodability checks, format sniffing, PNG encoding of raw pixels. */
public final class Images {
  static {
    ImageIO.setUseCache(false); // no temp files on executors
  }

  private Images() {}

  /**
   * Null when the bytes decode strictly to an image within {@link ImageLimits#DEFAULT}, else why
   * not, starting with the reject reason ({@code image-too-large: 26000x26000 px ...}).
   */
  public static String problem(byte[] bytes) {
    try {
      SafeImageDecoder.decode(bytes, ImageLimits.DEFAULT);
      return null;
    } catch (ImageRejectedException e) {
      return e.getMessage();
    }
  }

  /**
   * The benchmark reject reason for a {@link #problem}: {@code image-too-large} and
   * {@code image-truncated} as the decoder says, anything else {@link BenchManifest#REASON_CORRUPT_IMAGE}.
   */
  public static String reason(String problem) {
    if (problem == null) return null;
    if (problem.startsWith("image-too-large:")) return "image-too-large";
    if (problem.startsWith("image-truncated:")) return "image-truncated";
    return BenchManifest.REASON_CORRUPT_IMAGE;
  }

  /** Null when a file may be read into memory as an image, else why not (checked from its size). */
  public static String fileProblem(java.nio.file.Path file) throws IOException {
    long size = java.nio.file.Files.size(file);
    return size > ImageLimits.DEFAULT.maxBytes()
        ? "image-too-large: " + size + " bytes exceeds the limit of " + ImageLimits.DEFAULT.maxBytes() : null;
  }

  /** Decodes strictly within the default limits; a refused image is an IllegalArgumentException saying why. */
  public static BufferedImage decode(byte[] bytes) {
    try {
      return SafeImageDecoder.decode(bytes, ImageLimits.DEFAULT);
    } catch (ImageRejectedException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** File extension from the magic bytes: png, jpg, gif, bmp, tif, or bin. */
  public static String extension(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "png";
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) return "jpg";
    if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') return "gif";
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') return "bmp";
    if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I') || (b[0] == 'M' && b[1] == 'M'))) return "tif";
    return "bin";
  }

  /** A grey-scale PNG of {@code h x w} pixels given row-major. */
  public static byte[] grayPng(byte[] pixels, int offset, int h, int w) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, w, h, java.util.Arrays.copyOfRange(pixels, offset, offset + h * w));
    return png(img);
  }

  /** An RGB PNG of {@code h x w x 3} pixels given row-major, channels last. */
  public static byte[] rgbPng(byte[] pixels, int offset, int h, int w) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = offset + (y * w + x) * 3;
        img.setRGB(x, y, ((pixels[p] & 0xff) << 16) | ((pixels[p + 1] & 0xff) << 8) | (pixels[p + 2] & 0xff));
      }
    }
    return png(img);
  }

  static byte[] png(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
