package org.phenolip.eval.embed;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phenolip.eval.bench.Images;

/**
 * Test double with known ground truth. Images carry their class and item number in the first
 * pixels ({@link #image}); texts name them as {@code c<class>} and {@code i<item>}. Both map to
 * {@code base[class] + 0.5 * item[item] + noise * fresh}, where {@code fresh} is seeded by the
 * input's content. With noise 0 an image equals its own caption and is closest to its class's
 * prompt; with large noise every score is at chance.
 */
public final class ClassNoiseModel implements EmbeddingModel {
  private static final Pattern CLASS = Pattern.compile("\\bc(\\d+)\\b");
  private static final Pattern ITEM = Pattern.compile("\\bi(\\d+)\\b");
  private final int dim;
  private final double noise;

  public ClassNoiseModel(int dim, double noise) {
    this.dim = dim;
    this.noise = noise;
  }

  public static EmbeddingModelFactory factory(int dim, double noise) {
    return new EmbeddingModelFactory() {
      @Override public String name() { return "class+noise " + noise; }
      @Override public String key() { return "class-noise:" + dim + ":" + noise; }
      @Override public EmbeddingModel create() { return new ClassNoiseModel(dim, noise); }
    };
  }

  /** A 4 x 4 grey PNG whose pixels 0 and 1-2 hold the class and the item number (< 65536). */
  public static byte[] image(int cls, int item) {
    byte[] px = new byte[16];
    px[0] = (byte) cls;
    px[1] = (byte) (item >> 8);
    px[2] = (byte) item;
    return Images.grayPng(px, 0, 4, 4);
  }

  @Override public int dim() { return dim; }

  @Override
  public float[][] embedImages(List<byte[]> images) {
    float[][] out = new float[images.size()][];
    for (int i = 0; i < out.length; i++) {
      int[] px = Images.decode(images.get(i)).getRaster().getPixels(0, 0, 4, 1, (int[]) null);
      out[i] = vector(px[0], (px[1] << 8) | px[2], 17L * java.util.Arrays.hashCode(images.get(i)));
    }
    return out;
  }

  @Override
  public float[][] embedTexts(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      Matcher c = CLASS.matcher(texts.get(i)), it = ITEM.matcher(texts.get(i));
      if (!c.find()) throw new IllegalArgumentException("test text without a class token: " + texts.get(i));
      out[i] = vector(Integer.parseInt(c.group(1)), it.find() ? Integer.parseInt(it.group(1)) : -1, 31L * texts.get(i).hashCode());
    }
    return out;
  }

  private float[] vector(int cls, int item, long freshSeed) {
    float[] v = gaussian(1000L + cls, 1);
    if (item >= 0) add(v, gaussian(5_000_000L + item, 0.5));
    if (noise > 0) add(v, gaussian(freshSeed, noise));
    return v;
  }

  private float[] gaussian(long seed, double scale) {
    Random r = new Random(seed);
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) v[i] = (float) (r.nextGaussian() * scale / Math.sqrt(dim));
    return v;
  }

  private static void add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) a[i] += b[i];
  }
}
