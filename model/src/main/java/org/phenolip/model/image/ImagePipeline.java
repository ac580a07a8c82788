package org.phenolip.model.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;
import org.phenolip.core.image.ImageLimits;
import org.phenolip.core.image.ImageRejectedException;
import org.phenolip.core.image.SafeImageDecoder;

/**
 * Image preprocessing for the vision tower: decode ({@link SafeImageDecoder}: JPEG, PNG, …, within
 * the pixel limits, strictly; grayscale and palette images become 3 channels), then either
 * <ul>
 *   <li>eval: resize the shorter side to S and take the centre S×S crop, or</li>
 *   <li>train (light augmentation): a random resized crop covering 50–100% of the area with
 *       aspect ratio in [3/4, 4/3], resized to S×S, and a horizontal flip with p = ½,</li>
 * </ul>
 * and normalise with CLIP's mean/std (or a pretrained tower's own) into a float[3·S·S] in CHW order. Training crops depend
 * only on the seed passed in, so a (sample, epoch) seed makes every run reproducible.
 * Immutable, thread-safe.
 */
public final class ImagePipeline {
  /** CLIP's per-channel mean (RGB). */
  public static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  /** CLIP's per-channel standard deviation (RGB). */
  public static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
  static final double MIN_AREA = 0.5;
  static final double MIN_RATIO = 3.0 / 4.0;
  static final double MAX_RATIO = 4.0 / 3.0;

  private final int size;
  private final boolean augment;
  private final float[][] normalised;

  private ImagePipeline(int size, boolean augment, float[][] normalised) {
    if (size <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + size);
    }
    this.size = size;
    this.augment = augment;
    this.normalised = normalised;
  }

  /** Deterministic centre crop, for evaluation and embedding. */
  public static ImagePipeline eval(int size) {
    return new ImagePipeline(size, false, CLIP_NORMALISED);
  }

  /** Random resized crop + horizontal flip, seeded per call. */
  public static ImagePipeline train(int size) {
    return new ImagePipeline(size, true, CLIP_NORMALISED);
  }

  /** As {@link #eval}/{@link #train} ({@code augment}), normalised with another mean/std (RGB). */
  public static ImagePipeline of(int size, boolean augment, float[] mean, float[] std) {
    return new ImagePipeline(size, augment, table(mean, std));
  }

  public int size() { return size; }

  /** Decodes and preprocesses encoded image bytes. */
  public float[] process(byte[] encoded, long seed) throws ImageDecodeException {
    return process(decode(encoded), seed);
  }

  /** Preprocesses a decoded image (seed ignored in eval mode). */
  public float[] process(BufferedImage image, long seed) {
    int w = image.getWidth();
    int h = image.getHeight();
    int x;
    int y;
    int cw;
    int ch;
    boolean flip = false;
    if (augment) {
      SplittableRandom random = new SplittableRandom(seed);
      int[] box = randomCrop(w, h, random);
      x = box[0];
      y = box[1];
      cw = box[2];
      ch = box[3];
      flip = random.nextBoolean();
    } else {
      int side = Math.min(w, h);
      x = (w - side) / 2;
      y = (h - side) / 2;
      cw = side;
      ch = side;
    }
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      if (flip) {
        g.drawImage(image, 0, 0, size, size, x + cw, y, x, y + ch, null);
      } else {
        g.drawImage(image, 0, 0, size, size, x, y, x + cw, y + ch, null);
      }
    } finally {
      g.dispose();
    }
    return normalise(out);
  }

  /** torchvision's RandomResizedCrop box (x, y, w, h) with 10 tries, then the centre crop. */
  private static int[] randomCrop(int w, int h, SplittableRandom random) {
    double area = (double) w * h;
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (MIN_AREA + (1 - MIN_AREA) * random.nextDouble());
      double logRatio = Math.log(MIN_RATIO) + (Math.log(MAX_RATIO) - Math.log(MIN_RATIO)) * random.nextDouble();
      double ratio = Math.exp(logRatio);
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
        int x = random.nextInt(w - cw + 1);
        int y = random.nextInt(h - ch + 1);
        return new int[] {x, y, cw, ch};
      }
    }
    int side = Math.min(w, h);
    return new int[] {(w - side) / 2, (h - side) / 2, side, side};
  }

  /**
   * (v/255 − mean)/std for every 8-bit value v of each channel, computed with the same float
   * expression the per-pixel loop used, so a lookup gives bit-identical values.
   */
  private static final float[][] CLIP_NORMALISED = table(MEAN, STD);

  private static float[][] table(float[] mean, float[] std) {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 channels (RGB)");
    }
    float[][] t = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        t[c][v] = (v / 255f - mean[c]) / std[c];
      }
    }
    return t;
  }

  /** The S×S {@code TYPE_INT_RGB} image's pixels, read from its int buffer, through the lookup tables. */
  private float[] normalise(BufferedImage rgb) {
    int plane = size * size;
    float[] chw = new float[3 * plane];
    float[] r = normalised[0];
    float[] g = normalised[1];
    float[] b = normalised[2];
    // A fresh TYPE_INT_RGB image: one int per pixel, 0x00RRGGBB, rows of exactly `size` ints.
    int[] pixels = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < plane; i++) {
      int p = pixels[i];
      chw[i] = r[(p >> 16) & 0xFF];
      chw[plane + i] = g[(p >> 8) & 0xFF];
      chw[2 * plane + i] = b[p & 0xFF];
    }
    return chw;
  }

  /**
   * Decodes image bytes to a 3-channel RGB image, strictly and within {@link ImageLimits#DEFAULT}
   * (pixels checked from the header before any allocation; a truncated image is refused).
   *
   * @throws ImageDecodeException for empty, oversized, truncated, corrupt or unsupported data;
   *     the message starts with the reject reason ({@code image-too-large: ...})
   */
  public static BufferedImage decode(byte[] encoded) throws ImageDecodeException {
    return decode(encoded, ImageLimits.DEFAULT);
  }

  public static BufferedImage decode(byte[] encoded, ImageLimits limits) throws ImageDecodeException {
    try {
      return SafeImageDecoder.decodeRgb(encoded, limits);
    } catch (ImageRejectedException e) {
      throw new ImageDecodeException(e.getMessage(), e);
    }
  }
}
