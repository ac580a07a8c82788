package org.phenolip.eval.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Image bytes: decodability checks, format sniffing, PNG encoding of raw pixels. */
public final class Images {
  static {
    ImageIO.setUseCache(false); // no temp files on executors
  }

  private Images() {}

  /** Null when the bytes decode to an image, else why not. */
  public static String problem(byte[] bytes) {
    if (bytes == null || bytes.length == 0) return "empty image";
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) return "not a decodable image (" + extension(bytes) + ", " + bytes.length + " bytes)";
      if (img.getWidth() < 1 || img.getHeight() < 1) return "image has no pixels";
      return null;
    } catch (IOException | RuntimeException e) {
      return "corrupt image: " + e.getMessage();
    }
  }

  public static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) throw new IllegalArgumentException("not a decodable image (" + bytes.length + " bytes)");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
