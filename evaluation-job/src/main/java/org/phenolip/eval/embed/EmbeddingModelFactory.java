package org.phenolip.eval.embed;

import java.io.Serializable;

/**
 * Shipped to executors inside Spark closures; {@link #create()} runs there, once per executor
 * JVM through {@link ModelCache}. {@link #key()} identifies the model (two factories with the
 * same key share one loaded instance).
 */
public interface EmbeddingModelFactory extends Serializable {
  /** Short display name for reports (e.g. "PhenoLIP", "CLIP --no-distill"). */
  String name();

  /** Identity of the loaded model, e.g. name + checkpoint path. */
  default String key() { return name(); }

  EmbeddingModel create();
}
