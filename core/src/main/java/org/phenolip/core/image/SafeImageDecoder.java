package org.phenolip.core.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.phenolip.core.image.ImageRejectedException.Reason;

/**
 * The one way images are decoded in PhenoLIP: the encoded size and the header's dimensions are
 * checked against {@link ImageLimits} before a pixel is allocated, and decoding is strict — an
 * image whose data ends early is refused ({@code image-truncated}) rather than filled with grey
 * as {@code ImageIO.read} does. Every failure is an {@link ImageRejectedException} with a reason
 * code; no {@code OutOfMemoryError} from one hostile image, no stack trace.
 *
 * <p>Thread-safe: each call uses its own {@link ImageReader}; no temporary files.
 */
public final class SafeImageDecoder {
  static {
    ImageIO.setUseCache(false); // no temp files on executors
  }

  private SafeImageDecoder() {}

  /** Reads only the header: format and size, checked against the limits. */
  public static ImageInfo probe(byte[] encoded, ImageLimits limits) throws ImageRejectedException {
    checkBytes(encoded, limits);
    ImageReader reader = open(encoded);
    try {
      return header(reader, limits, encoded.length);
    } finally {
      reader.dispose();
    }
  }

  /** Decodes strictly, as the format stores it (palette, gray, alpha kept). */
  public static BufferedImage decode(byte[] encoded, ImageLimits limits) throws ImageRejectedException {
    checkBytes(encoded, limits);
    ImageReader reader = open(encoded);
    try {
      header(reader, limits, encoded.length);
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener(new Warnings(warnings));
      BufferedImage image;
      try {
        ImageReadParam param = reader.getDefaultReadParam();
        image = reader.read(0, param);
      } catch (IOException | RuntimeException e) {
        throw classify(e, encoded.length);
      } catch (OutOfMemoryError e) {
        // within the limits but the heap is too small for this image: refuse it, keep the run
        throw new ImageRejectedException(Reason.TOO_LARGE, "not enough memory to decode ("
            + encoded.length + " bytes)");
      }
      for (String w : warnings) {
        Reason r = warningReason(w);
        if (r != null) {
          throw new ImageRejectedException(r, oneLine(w) + " (" + encoded.length + " bytes)");
        }
      }
      if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
        throw new ImageRejectedException(Reason.CORRUPT, "image has no pixels");
      }
      return image;
    } finally {
      reader.dispose();
    }
  }

  /** Decodes strictly to a 3-channel {@code TYPE_INT_RGB} image (gray copied, alpha over black). */
  public static BufferedImage decodeRgb(byte[] encoded, ImageLimits limits) throws ImageRejectedException {
    return toRgb(decode(encoded, limits));
  }

  /** Reads at most {@code limits.maxBytes()} from the stream, then {@link #decode(byte[], ImageLimits)}. */
  public static BufferedImage decode(InputStream in, ImageLimits limits) throws ImageRejectedException {
    return decode(readBounded(in, limits), limits);
  }

  /** The stream's bytes, refused as {@code image-too-large} once they pass {@code maxBytes}. */
  public static byte[] readBounded(InputStream in, ImageLimits limits) throws ImageRejectedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > limits.maxBytes()) {
          throw new ImageRejectedException(Reason.TOO_LARGE,
              "encoded image exceeds " + limits.maxBytes() + " bytes");
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new ImageRejectedException(e instanceof EOFException ? Reason.TRUNCATED : Reason.CORRUPT,
          "cannot read image data: " + describe(e), e);
    }
    return out.toByteArray();
  }

  private static void checkBytes(byte[] encoded, ImageLimits limits) throws ImageRejectedException {
    if (encoded == null || encoded.length == 0) {
      throw new ImageRejectedException(Reason.CORRUPT, "empty image data");
    }
    if (encoded.length > limits.maxBytes()) {
      throw new ImageRejectedException(Reason.TOO_LARGE,
          encoded.length + " bytes exceeds the limit of " + limits.maxBytes());
    }
  }

  private static ImageReader open(byte[] encoded) throws ImageRejectedException {
    ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded));
    Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
    if (!readers.hasNext()) {
      throw new ImageRejectedException(Reason.UNSUPPORTED, "unrecognised image format (" + encoded.length
          + " bytes, starts " + hex(encoded) + ")");
    }
    ImageReader reader = readers.next();
    reader.setInput(iis, true, true);
    return reader;
  }

  private static ImageInfo header(ImageReader reader, ImageLimits limits, int bytes) throws ImageRejectedException {
    int w;
    int h;
    String format;
    try {
      format = reader.getFormatName().toLowerCase(Locale.ROOT);
      w = reader.getWidth(0);
      h = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw classify(e, bytes);
    }
    if (w < 1 || h < 1) {
      throw new ImageRejectedException(Reason.CORRUPT, "header says " + w + "x" + h + " px");
    }
    String over = limits.exceeded(w, h);
    if (over != null) {
      throw new ImageRejectedException(Reason.TOO_LARGE, format + " " + over);
    }
    return new ImageInfo(format, w, h);
  }

  /** libjpeg's warnings that mean pixels are missing or wrong; harmless ones (extraneous bytes) pass. */
  static Reason warningReason(String warning) {
    String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
    if (w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi")) {
      return Reason.TRUNCATED;
    }
    if (w.startsWith("corrupt jpeg data") && !w.contains("extraneous bytes")) {
      return Reason.CORRUPT;
    }
    return null;
  }

  private static ImageRejectedException classify(Throwable e, int bytes) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof EOFException || m.contains("unexpected end") || m.contains("premature end")
          || m.contains("end of stream") || m.contains("truncated") || m.contains("no image data present")) {
        return new ImageRejectedException(Reason.TRUNCATED, "data ends early (" + bytes + " bytes): "
            + describe(e), e);
      }
      if (m.contains("unsupported")) {
        return new ImageRejectedException(Reason.UNSUPPORTED, describe(e), e);
      }
    }
    return new ImageRejectedException(Reason.CORRUPT, "cannot decode (" + bytes + " bytes): " + describe(e), e);
  }

  /** The innermost message, one line, with the exception's simple name when there is no message. */
  private static String describe(Throwable e) {
    Throwable t = e;
    String msg = null;
    for (; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return oneLine(msg == null ? e.getClass().getSimpleName() : msg);
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").trim();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static String hex(byte[] a) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(4, a.length); i++) {
      sb.append(String.format("%02x", a[i] & 0xFF));
    }
    return sb.toString();
  }

  /** A 3-channel RGB image; gray samples copied to R=G=B (drawing would apply a gamma curve). */
  public static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    var raster = image.getRaster();
    if (raster.getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel)) {
      int bits = image.getColorModel().getComponentSize(0);
      int w = image.getWidth();
      int[] row = new int[w];
      int[] out = new int[w];
      for (int y = 0; y < image.getHeight(); y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int v = bits == 8 ? row[x] : (int) Math.round(row[x] * 255.0 / ((1 << bits) - 1));
          out[x] = (v << 16) | (v << 8) | v;
        }
        rgb.setRGB(0, y, w, 1, out, 0, w);
      }
      return rgb;
    }
    // Drawing converts palette and alpha images to 3 channels (alpha over black).
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private record Warnings(List<String> sink) implements IIOReadWarningListener {
    @Override
    public void warningOccurred(ImageReader source, String warning) {
      sink.add(warning);
    }
  }
}
