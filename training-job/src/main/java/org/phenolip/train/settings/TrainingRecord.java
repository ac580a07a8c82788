package org.phenolip.train.settings;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.io.Checksums;
import org.phenolip.core.io.Json;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainingTask;

/**
 * {@code training.json} in every model folder: every setting that produced the model (as MLlib's
 * DefaultParamsWriter saves a model's params with it), the inputs' checksums and the versions of
 * the code and libraries. Deterministic: no clock, so the same run writes the same file.
 */
public final class TrainingRecord {
  public static final String FILE = PhenolipModel.TRAINING_FILE;
  public static final String SCHEMA = "phenolip-training/1";
  /** The project's code version (the Maven version of this build). */
  public static final String CODE_VERSION = "0.1.0";

  private TrainingRecord() {}

  /**
   * @param stage "stage1" or "stage2"
   * @param stageSettings the stage's own settings (systems, λ, temperatures, teacher, ...)
   * @param stepsRun global steps this run trained
   */
  public static Map<String, Object> of(String stage, TrainSettings s, TrainConfig c, TrainingTask<?> task,
                                       Map<String, Object> stageSettings, long stepsRun, String sparkVersion) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("stage", stage);
    m.putAll(s.toMap());
    m.put("steps_run", stepsRun);
    Map<String, Object> lr = new LinkedHashMap<>();
    lr.put("peak", c.lr());
    lr.put("schedule", "linear warm-up, then cosine decay to min over all epochs");
    lr.put("warmup_steps", c.warmupSteps());
    lr.put("min", c.minLr());
    m.put("lr", lr);
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("name", "AdamW");
    opt.put("beta1", c.hyper().beta1());
    opt.put("beta2", c.hyper().beta2());
    opt.put("eps", c.hyper().eps());
    opt.put("weight_decay", c.hyper().weightDecay());
    opt.put("clip_norm", c.clipNorm());
    m.put("optimizer", opt);
    m.put("gradient_reduction", task.reduction().name());
    m.put("init", "random, seed " + s.seed());
    m.putAll(stageSettings);
    m.put("vocab", file(s.vocabSource()));
    m.put("phenokg", phenoKg(s.kg(), s.kgVersion()));
    m.put("excluded_benchmark", s.excludeBench() == null ? null : file(s.excludeBench()));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("phenolip", CODE_VERSION);
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    v.put("spark", sparkVersion);
    v.put("java", System.getProperty("java.version"));
    m.put("versions", v);
    return m;
  }

  public static void write(Path modelDir, Map<String, Object> record) {
    Json.write(modelDir.resolve(FILE), record);
  }

  /** The record beside a model, or null when the folder has none (models from before it existed). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Path modelDir) {
    Path f = modelDir.resolve(FILE);
    if (!Files.isRegularFile(f)) return null;
    try {
      return Json.MAPPER.readValue(f.toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** A file's path and SHA-256. */
  public static Map<String, Object> file(Path p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", p.toString());
    m.put("sha256", sha256(p));
    return m;
  }

  /** A file's name (absolute local path or URI) and SHA-256, read through Hadoop FS. */
  public static Map<String, Object> file(String pathOrUri) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", org.phenolip.core.io.Storage.absolute(pathOrUri));
    try {
      m.put("sha256", Checksums.sha256(org.phenolip.core.io.Storage.forTask().readBytes(org.phenolip.core.io.Storage.uri(pathOrUri))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pathOrUri + ": " + e.getMessage(), e);
    }
    return m;
  }

  /** A folder's path and one SHA-256 over its files (relative name and content, in name order). */
  public static Map<String, Object> folder(Path dir) {
    return folder(dir, dir.toString());
  }

  /** As {@link #folder(Path)} for a local copy ({@code dir}) of the folder at {@code uri}. */
  public static Map<String, Object> folder(Path dir, String uri) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", uri);
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> sorted = files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().equals(FILE)).sorted().toList();
      for (Path f : sorted) all.append(dir.relativize(f)).append('\t').append(sha256(f)).append('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    m.put("sha256", Checksums.sha256(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return m;
  }

  /**
   * The PhenoKG version read (Delta: {@code v<N>}, which {@code --kg-version N} reads again) and its
   * manifest's checksum.
   */
  static Map<String, Object> phenoKg(String kg, String kgVersion) {
    return KgTables.open(org.apache.spark.sql.SparkSession.active(), kg, kgVersion).provenance(kg);
  }

  private static String sha256(Path p) {
    try {
      return Checksums.sha256(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
