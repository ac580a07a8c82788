package org.phenolip.eval.embed;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.phenolip.eval.bench.Images;

/**
 * The untrained reference model: images are reduced to {@code side x side} grey pixels,
 * centred, and projected by a fixed Gaussian matrix; texts are the sum of one fixed Gaussian
 * vector per lower-cased word (feature hashing). Both are deterministic given the seed; the two
 * towers share no learned alignment, so image↔text scores sit at chance, while the image
 * vectors keep the pixel information (a pixel baseline for linear probing).
 */
public final class RandomProjectionModel implements EmbeddingModel {
  private final int dim;
  private final int side;
  private final long seed;
  private final float[][] projection;

  public RandomProjectionModel(int dim, int side, long seed) {
    this.dim = dim;
    this.side = side;
    this.seed = seed;
    Random r = new Random(seed);
    projection = new float[dim][side * side];
    float scale = (float) (1 / Math.sqrt(side * side));
    for (float[] row : projection) for (int i = 0; i < row.length; i++) row[i] = (float) r.nextGaussian() * scale;
  }

  /** {@code baseline:random-projection} with dimension 256 over 16 x 16 pixels, seed 0. */
  public static EmbeddingModelFactory factory(int dim, int side, long seed) {
    return new EmbeddingModelFactory() {
      @Override public String name() { return "random projection (untrained)"; }
      @Override public String key() { return "random-projection:" + dim + ":" + side + ":" + seed; }
      @Override public EmbeddingModel create() { return new RandomProjectionModel(dim, side, seed); }
    };
  }

  @Override public int dim() { return dim; }

  @Override
  public float[][] embedImages(List<byte[]> images) {
    float[][] out = new float[images.size()][];
    for (int i = 0; i < out.length; i++) out[i] = embedImage(images.get(i));
    return out;
  }

  float[] embedImage(byte[] bytes) {
    BufferedImage src = Images.decode(bytes);
    BufferedImage g = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D gr = g.createGraphics();
    gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    gr.drawImage(src, 0, 0, side, side, null);
    gr.dispose();
    float[] px = new float[side * side];
    int[] raw = g.getRaster().getPixels(0, 0, side, side, (int[]) null);
    double mean = 0;
    for (int i = 0; i < px.length; i++) mean += px[i] = raw[i] / 255f;
    mean /= px.length;
    for (int i = 0; i < px.length; i++) px[i] -= (float) mean;
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) {
      float s = 0;
      float[] p = projection[d];
      for (int i = 0; i < px.length; i++) s += p[i] * px[i];
      v[d] = s;
    }
    return v;
  }

  @Override
  public float[][] embedTexts(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int t = 0; t < out.length; t++) {
      float[] v = new float[dim];
      for (String w : texts.get(t).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (w.isEmpty()) continue;
        Random r = new Random(seed * 31 + w.hashCode());
        for (int d = 0; d < dim; d++) v[d] += (float) r.nextGaussian();
      }
      out[t] = v;
    }
    return out;
  }
}
