package org.phenolip.curate.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one place caption-curation decodes figure bytes. Until the project's safe decoder
 * ({@code org.phenolip.core.image.SafeImageDecoder}, issue 15) is on main this reads the header
 * first and refuses images over the pixel limit before any pixel buffer is allocated; corrupt or
 * truncated files are refused with a reason. Switching to the shared decoder is an edit here only.
 */
public final class FigureImages {
  /** 64 megapixels: a 8000 × 8000 figure; PMC figures are far below it. */
  public static final long MAX_PIXELS = 64L * 1024 * 1024;

  private FigureImages() {}

  /** A figure that could not be decoded: {@code reason} is a short code for reject rows. */
  public static final class Rejected extends Exception {
    private final String reason;

    public Rejected(String reason, String detail) {
      super(reason + ": " + detail);
      this.reason = reason;
    }

    public String reason() { return reason; }
  }

  public static BufferedImage decode(byte[] bytes) throws Rejected {
    if (bytes == null || bytes.length == 0) throw new Rejected("image-empty", "no bytes");
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) throw new Rejected("image-format-unknown", "no decoder for these bytes");
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        long w = r.getWidth(0);
        long h = r.getHeight(0);
        if (w <= 0 || h <= 0) throw new Rejected("image-corrupt", "header gives " + w + "x" + h);
        if (w * h > MAX_PIXELS) throw new Rejected("image-too-large", w + "x" + h + " > " + MAX_PIXELS + " pixels");
        BufferedImage img = r.read(0);
        if (img == null) throw new Rejected("image-corrupt", "decoder returned nothing");
        return img;
      } finally {
        r.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new Rejected("image-corrupt", String.valueOf(e.getMessage()));
    }
  }
}
