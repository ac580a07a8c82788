package org.phenolip.train.settings;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.phenolip.core.io.Storage;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.model.tower.TowerSpec;
import org.phenolip.train.optim.ParameterVector;

/**
 * Pretrained TorchScript towers a model starts from ({@code --image-tower}, {@code --text-tower}):
 * folders any executor can read (local, HDFS, S3: each JVM reads one local copy), what their
 * tower.json says, and the factor of the learning rate they are fine-tuned at. Travels inside
 * the training task; {@link #NONE}: the built-in towers.
 */
public record PretrainedTowers(String imageDir, TowerSpec image, String textDir, TowerSpec text, float lrScale)
    implements Serializable {
  public static final PretrainedTowers NONE = new PretrainedTowers(null, null, null, null, 1f);

  public PretrainedTowers {
    if ((imageDir == null) != (image == null) || (textDir == null) != (text == null)) {
      throw new IllegalArgumentException("a tower needs both its folder and its spec");
    }
    if (!(lrScale > 0)) throw new IllegalArgumentException("--tower-lr-scale must be > 0, got " + lrScale);
  }

  /**
   * Reads the towers' specs (driver side). {@code imageDir}/{@code textDir} are full URIs or
   * null; a folder that is not a tower of its kind is an {@link IllegalArgumentException}.
   */
  public static PretrainedTowers read(Storage storage, String imageDir, String textDir, float lrScale) {
    return new PretrainedTowers(imageDir, spec(storage, imageDir, TowerSpec.IMAGE), textDir,
        spec(storage, textDir, TowerSpec.TEXT), lrScale);
  }

  private static TowerSpec spec(Storage storage, String dir, String kind) {
    return dir == null ? null : TowerSpec.read(local(storage, dir), kind);
  }

  private static Path local(Storage storage, String dir) {
    try {
      return storage.localTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tower folder " + dir + ": " + e.getMessage(), e);
    }
  }

  public boolean any() {
    return image != null || text != null;
  }

  /** {@code base} with the towers' shapes; {@code vocabSize}: of the text tower's vocab.txt when there is one. */
  public ModelConfig apply(ModelConfig base, int vocabSize) {
    return base.withTowers(image, text, vocabSize);
  }

  /** The text tower's vocabulary on this host, or null without a text tower. */
  public Path textVocab(Storage storage) {
    return text == null ? null : local(storage, textDir).resolve(text.vocab());
  }

  /** A new model: the pretrained towers (trainable) and built-in ones for the rest, seeded. */
  public PhenolipModel create(ModelConfig config, NDManager manager, long seed) {
    if (!any()) return PhenolipModel.create(config, manager, seed);
    Storage storage = Storage.forTask();
    try {
      return PhenolipModel.create(config, manager, seed,
          image == null ? null : new PhenolipModel.TowerSource(local(storage, imageDir), image),
          text == null ? null : new PhenolipModel.TowerSource(local(storage, textDir), text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load a pretrained tower: " + e.getMessage(), e);
    }
  }

  /** Per parameter of {@code pv}: {@link #lrScale} for the pretrained towers' parameters, 1 for the rest; null without towers. */
  public float[] learningRateScales(PhenolipModel model, ParameterVector pv) {
    if (!any()) return null;
    Set<Parameter> pretrained = Collections.newSetFromMap(new IdentityHashMap<>());
    if (image != null) model.visionTower().getParameters().values().forEach(pretrained::add);
    if (text != null) model.textTower().getParameters().values().forEach(pretrained::add);
    float[] scales = new float[pv.count()];
    for (int i = 0; i < scales.length; i++) scales[i] = pretrained.contains(pv.parameter(i)) ? lrScale : 1f;
    return scales;
  }

  /** What training.json records: each tower's folder with the checksum of its files, and the rate factor. */
  public Map<String, Object> record(Storage storage) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image_tower", image == null ? null : TrainingRecord.folder(local(storage, imageDir), imageDir));
    m.put("text_tower", text == null ? null : TrainingRecord.folder(local(storage, textDir), textDir));
    m.put("tower_lr_scale", any() ? lrScale : null);
    return m;
  }
}
