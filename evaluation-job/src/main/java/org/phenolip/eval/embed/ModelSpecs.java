package org.phenolip.eval.embed;

import java.util.ServiceLoader;

/**
 * Turns a {@code --model} value into a factory: {@code baseline:random-projection[:DIM:SIDE:SEED]}
 * (the untrained reference, {@link RandomProjectionModel}), else the first
 * {@link EmbeddingModelProvider} on the classpath that accepts it.
 */
public final class ModelSpecs {
  public static final String RANDOM_PROJECTION = "baseline:random-projection";

  private ModelSpecs() {}

  public static EmbeddingModelFactory resolve(String spec) {
    if (spec.startsWith(RANDOM_PROJECTION)) {
      String[] p = spec.substring(RANDOM_PROJECTION.length()).split(":");
      try {
        int dim = p.length > 1 ? Integer.parseInt(p[1]) : 256;
        int side = p.length > 2 ? Integer.parseInt(p[2]) : 16;
        long seed = p.length > 3 ? Long.parseLong(p[3]) : 0;
        return RandomProjectionModel.factory(dim, side, seed);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("model '" + spec + "': expected " + RANDOM_PROJECTION + "[:DIM:SIDE:SEED]");
      }
    }
    for (EmbeddingModelProvider p : ServiceLoader.load(EmbeddingModelProvider.class)) {
      if (p.accepts(spec)) return p.factory(spec);
    }
    throw new IllegalArgumentException("no model loader accepts '" + spec + "': no EmbeddingModelProvider on the classpath recognises it"
        + " (PhenoLIP checkpoints need the training-job adapter); the untrained reference is " + RANDOM_PROJECTION);
  }
}
