package org.phenolip.eval.embed;

import java.util.List;

/**
 * What evaluation needs from a vision-language model: image and text embeddings in one space.
 * Vectors need not be normalised (evaluation L2-normalises them). One instance is shared by the
 * tasks of an executor ({@link ModelCache}), so implementations must be thread-safe (e.g. one
 * DJL Predictor per thread).
 */
public interface EmbeddingModel extends AutoCloseable {
  int dim();

  /** One row per encoded image (PNG, JPEG...), in order. */
  float[][] embedImages(List<byte[]> images);

  /** One row per text, in order. */
  float[][] embedTexts(List<String> texts);

  @Override
  default void close() {}
}
