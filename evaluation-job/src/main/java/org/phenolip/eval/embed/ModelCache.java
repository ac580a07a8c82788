package org.phenolip.eval.embed;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded model per executor JVM and factory key: loading weights per task or row would dominate.
 * It closes what it loads: {@link #release} when a model is done with (eval does after each model;
 * in local mode the driver is the executor), {@link #releaseAll} for everything it holds.
 */
public final class ModelCache {
  private static final ConcurrentHashMap<String, EmbeddingModel> MODELS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Integer> LOADS = new ConcurrentHashMap<>();

  private ModelCache() {}

  public static EmbeddingModel get(EmbeddingModelFactory f) {
    return MODELS.computeIfAbsent(f.key(), k -> {
      LOADS.merge(k, 1, Integer::sum);
      return f.create();
    });
  }

  /** How often this JVM loaded the model (for tests: 1 per executor). */
  public static int loads(String key) {
    return LOADS.getOrDefault(key, 0);
  }

  /** Closes and forgets every model. */
  public static void releaseAll() {
    for (String key : List.copyOf(MODELS.keySet())) release(key);
  }

  /** Closes and forgets a model (driver-side cleanup in local mode). */
  public static void release(String key) {
    EmbeddingModel m = MODELS.remove(key);
    if (m != null) m.close();
  }
}
