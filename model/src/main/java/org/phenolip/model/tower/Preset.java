package org.phenolip.model.tower;

import java.util.Locale;

/** The model shapes {@code --preset} names; {@link #key()} is how they are written everywhere. */
public enum Preset {
  TINY, SMALL, BASE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public ModelConfig config(int vocabSize) {
    return switch (this) {
      case TINY -> ModelConfig.tiny(vocabSize);
      case SMALL -> ModelConfig.small(vocabSize);
      case BASE -> ModelConfig.base(vocabSize);
    };
  }

  /** {@code tiny}, {@code small} or {@code base}; one clear error line otherwise. */
  public static Preset parse(String key) {
    for (Preset p : values()) {
      if (p.key().equals(key)) return p;
    }
    throw new IllegalArgumentException("unknown model preset '" + key + "' (expected tiny, small or base)");
  }

  @Override
  public String toString() {
    return key();
  }
}
