package org.phenolip.eval.embed;

/**
 * Plugs a model format into {@code phenolip eval --model}: listed in
 * {@code META-INF/services/org.phenolip.eval.embed.EmbeddingModelProvider}. The training-job
 * adapter (PhenoLIP checkpoints) is one; {@link ModelSpecs} asks each in turn.
 */
public interface EmbeddingModelProvider {
  /** True if this provider can load {@code spec} (e.g. a checkpoint folder it recognises). */
  boolean accepts(String spec);

  EmbeddingModelFactory factory(String spec);
}
