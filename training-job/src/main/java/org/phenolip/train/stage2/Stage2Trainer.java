package org.phenolip.train.stage2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.Progress;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.ShardedRows;
import org.phenolip.core.spark.JobStage;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.model.tower.TowerSpec;
import org.phenolip.train.settings.PretrainedTowers;
import org.phenolip.train.settings.TrainSettings;
import org.phenolip.train.settings.TrainingRecord;
import org.phenolip.train.stage1.Stage1Trainer;

/**
 * Stage 2 on the driver: figure examples from PhenoKG (benchmark articles excluded), the frozen
 * teacher's caption embeddings and phenotype prototypes, data-parallel training, then
 * {@code model/} and {@code stage2_summary.json}.
 */
public final class Stage2Trainer {
  private Stage2Trainer() {}

  /** How the student starts: random weights or the teacher's (independent of λ). */
  public enum Init { RANDOM, TEACHER }

  /**
   * Distillation settings: {@code lambda} 0 gives plain CLIP; {@code teacher} (the stage-1
   * output) is needed for λ &gt; 0 and for {@link Init#TEACHER}.
   */
  public record Distill(String teacher, Init init, float lambda, float tauTeacher, float tauStudent) {
    public Distill {
      if (lambda > 0 && teacher == null) throw new IllegalArgumentException("distillation (λ > 0) needs --teacher DIR (the stage1 output)");
      if (init == Init.TEACHER && teacher == null) throw new IllegalArgumentException("--init teacher needs --teacher DIR");
      if (lambda < 0) throw new IllegalArgumentException("--lambda must be >= 0, got " + lambda);
    }
  }

  public static Map<String, Object> run(SparkSession spark, TrainSettings o, Distill d) {
    return run(spark, o, d, PretrainedTowers.NONE);
  }

  /** As above, the student's image and/or text tower starting from pretrained {@code towers}. */
  public static Map<String, Object> run(SparkSession spark, TrainSettings o, Distill d, PretrainedTowers towers) {
    String excludeSha = requireExclusion(spark, o);
    Set<String> excluded = FigureExamples.excludedArticles(o.excludeBench());
    boolean distill = d.lambda() > 0;
    // The teacher may live on HDFS/S3: the driver and each executor read a local copy of its model/.
    String teacherModel = d.teacher() == null ? null : Storage.child(d.teacher(), Stage1Trainer.MODEL_DIR);
    Path teacherLocal = teacherModel == null ? null : localTree(spark, teacherModel);
    if (d.init() == Init.TEACHER) checkTextTowers(teacherLocal, towers);
    // A text tower brings its own vocabulary; else the teacher's (the student starts from its text tower).
    Path vocab = towers.text() != null ? towers.textVocab(Storage.of(spark))
        : teacherLocal != null ? teacherLocal.resolve(PhenolipEncoder.VOCAB_FILE) : o.vocabOrDefault();
    TokenizerSpec tok = TokenizerSpec.fromVocabTxt(vocab);
    ModelConfig config = towers.apply(o.preset().config(tok.size()), tok.size());
    float[] prototypes = null;
    int prototypeCount = 0;
    int teacherDim = 0;
    if (distill) {
      // Every phenotype of the teacher's table (the systems it was trained on), not only those
      // linked to training figures: knowledge of phenotypes without training images can flow.
      Map<String, float[]> emb = prototypesOf(spark, d.teacher(), null);
      if (emb.size() < 2) {
        throw new IllegalArgumentException("distillation needs prototypes of at least 2 phenotypes; the teacher in "
            + d.teacher() + " has " + emb.size());
      }
      prototypeCount = emb.size();
      teacherDim = emb.values().iterator().next().length;
      prototypes = new float[prototypeCount * teacherDim];
      int k = 0;
      for (float[] v : emb.values()) System.arraycopy(v, 0, prototypes, (k++) * teacherDim, teacherDim);
    }
    var examples = o.curated() != null ? FigureExamples.loadCurated(spark, o.curated(), excluded) : FigureExamples.load(spark, o.kg(), o.kgVersion(), excluded);
    // Rank 0 writes the student's parameters there itself; the driver writes the rest of model/.
    TrainConfig cfg = o.config().modelPath(o.out().child(Stage1Trainer.MODEL_DIR + "/" + PhenolipModel.PARAMS_FILE));
    Stage2Task task = new Stage2Task(config, tok, o.seed(),
        d.init() == Init.TEACHER ? teacherModel : null, prototypes, prototypeCount,
        d.tauTeacher(), d.tauStudent(), distill ? d.lambda() : 0f, towers);
    List<String> rejects = new ArrayList<>();
    long usable;
    TrainResult result;
    try (TrainingFigures figures = TrainingFigures.prepare(examples, distill ? teacherModel : null)) {
      List<TrainingFigures.Checked> checked = JobStage.run(spark, "train", "stage 2: decode check, image hashes"
          + (distill ? ", teacher caption embeddings" : "") + " on the executors", figures::checked);
      List<TrainingFigures.Checked> ok = new ArrayList<>();
      for (TrainingFigures.Checked c : checked) {
        if (c.reject() == null) ok.add(c);
        else rejects.add(c.figureId() + ": " + c.reject());
      }
      usable = ok.size();
      if (usable < o.batchSize()) {
        throw new IllegalArgumentException("stage 2 needs at least one global batch of figures with images: " + usable
            + " usable (of " + checked.size() + "; " + rejects.size() + " undecodable, " + excluded.size()
            + " benchmark articles excluded) < --batch-size " + o.batchSize());
      }
      Progress.status(String.format("stage 2: %,d figures (%d undecodable, %d benchmark articles excluded), %s",
          usable, rejects.size(), excluded.size(),
          distill ? "distillation over " + prototypeCount + " prototypes, λ=" + d.lambda() : "plain CLIP (no distillation)"));
      Stage1Trainer.prepareOut(o);
      writeTrainingSet(o.out().local().resolve(TRAINING_SET), ok);
      result = DataParallelTrainer.fit(spark, task, ShardedRows.of(figures.indexed(), usable, cfg), cfg);
    }

    try {
      PhenolipEncoder.saveAllButParameters(config, towers.image(), towers.text(), vocab, o.out().local().resolve(Stage1Trainer.MODEL_DIR));
      Map<String, Object> own = new LinkedHashMap<>();
      own.put("init", initRecord(d.init(), o.seed(), towers));
      own.put("distillation", distill);
      own.put("lambda", distill ? d.lambda() : 0f);
      own.put("tau_teacher", d.tauTeacher());
      own.put("tau_student", d.tauStudent());
      own.put("teacher", teacherModel == null ? null : TrainingRecord.folder(teacherLocal, teacherModel));
      own.putAll(towers.record(Storage.of(spark)));
      own.put("prototypes", prototypeCount);
      own.put("figures", usable);
      own.put("excluded_articles", excluded.size());
      TrainingRecord.write(o.out().local().resolve(Stage1Trainer.MODEL_DIR),
          TrainingRecord.of("stage2", o, cfg, task, own, result.metrics().size(), spark.version()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + o.out(), e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("preset", o.preset().key());
    summary.put("figures", usable);
    summary.put("undecodable_images", rejects);
    summary.put("excluded_articles", excluded.size());
    summary.put("exclude_bench", o.excludeBench() == null ? null : Storage.absolute(o.excludeBench()));
    summary.put("exclude_bench_sha256", excludeSha);
    summary.put("init", d.init().name().toLowerCase(java.util.Locale.ROOT));
    summary.put("image_tower", towers.imageDir());
    summary.put("text_tower", towers.textDir());
    summary.put("seed", o.seed());
    summary.put("distillation", distill);
    summary.put("lambda", distill ? d.lambda() : 0);
    summary.put("prototypes", prototypeCount);
    summary.put("steps", result.metrics().size());
    summary.put("first_loss", result.metrics().isEmpty() ? null : result.metrics().get(0).loss());
    summary.put("last_loss", result.metrics().isEmpty() ? null : result.metrics().get(result.metrics().size() - 1).loss());
    summary.put("workers", o.workers());
    summary.put("devices", result.replicas().stream().map(org.phenolip.train.loop.ReplicaReport::device).toList());
    summary.put("wall_seconds", result.wallSeconds());
    summary.put("param_checksum", Long.toHexString(result.checksum()));
    Json.write(o.out().local().resolve("stage2_summary.json"), summary);
    Stage1Trainer.publish(spark, o);
    return summary;
  }

  /**
   * {@code --init teacher} copies the teacher's text tower: the student's must be the same kind,
   * the built-in one or the same pretrained tower the teacher was trained from.
   */
  public static void checkTextTowers(Path teacherModel, PretrainedTowers towers) {
    TowerSpec teacherText;
    try {
      teacherText = PhenolipModel.readTowerSpec(teacherModel.resolve(PhenolipModel.TEXT_TOWER_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    if (teacherText == null && towers.text() != null) {
      throw new IllegalArgumentException("--init teacher copies the teacher's text tower, a built-in one, but --text-tower "
          + towers.textDir() + " gives the student a TorchScript one: add --init random, or train the teacher with --text-tower");
    }
    if (teacherText != null && !teacherText.equals(towers.text())) {
      throw new IllegalArgumentException("--init teacher: the teacher's text tower is TorchScript (" + teacherText
          + "): give stage 2 the --text-tower the teacher was trained from");
    }
  }

  /** How the student started, as training.json says it. */
  static String initRecord(Init init, long seed, PretrainedTowers towers) {
    if (!towers.any()) return init == Init.TEACHER ? "the teacher's weights" : "random, seed " + seed;
    List<String> parts = new ArrayList<>();
    if (init == Init.TEACHER) parts.add("the teacher's text tower and text projection");
    else if (towers.text() == null) parts.add("text tower random, seed " + seed);
    if (towers.image() != null) parts.add("image tower: pretrained (TorchScript)");
    else if (init == Init.RANDOM) parts.add("image tower random, seed " + seed);
    if (towers.text() != null) parts.add("text tower: pretrained (TorchScript)");
    return String.join("; ", parts);
  }

  /** Training figures (article, figure, image SHA-256), what `eval` checks for overlap with a benchmark. */
  public static final String TRAINING_SET = "training_set.tsv";

  /**
   * A KG with a registered benchmark must be trained with {@code --exclude-bench}; returns the
   * exclusion list's SHA-256 (null when none was given and none is needed).
   */
  static String requireExclusion(SparkSession spark, TrainSettings o) {
    var benches = org.phenolip.core.io.BenchRegistry.list(spark.sparkContext().hadoopConfiguration(), o.kg());
    if (o.excludeBench() == null) {
      if (!benches.isEmpty()) {
        throw new IllegalArgumentException("a benchmark exists for " + o.kg() + " (" + benches.get(0).bench() + "): give --exclude-bench "
            + benches.get(0).excluded() + " so stage 2 never trains on its articles");
      }
      return null;
    }
    try {
      return org.phenolip.core.io.Checksums.sha256(Storage.forTask().readBytes(Storage.uri(o.excludeBench())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --exclude-bench " + o.excludeBench() + ": " + e.getMessage(), e);
    }
  }

  static void writeTrainingSet(Path file, List<TrainingFigures.Checked> figures) {
    List<String> lines = new ArrayList<>();
    for (TrainingFigures.Checked f : figures) lines.add(f.articleId() + "\t" + f.figureId() + "\t" + f.imageSha256());
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Teacher prototypes of {@code ids} (null: all), in id order, from {@code teacher/phenotype_embeddings}. */
  static Map<String, float[]> prototypesOf(SparkSession spark, String teacher, Set<String> ids) {
    String p = Storage.child(teacher, Stage1Trainer.EMBEDDINGS);
    if (!Storage.of(spark).isDirectory(p)) throw new IllegalArgumentException("teacher folder " + teacher + " has no " + Stage1Trainer.EMBEDDINGS + "/");
    var df = spark.read().parquet(p);
    SchemaCheck.require("teacher phenotype embeddings", df.schema(), Stage1Trainer.EMBEDDING_SCHEMA);
    Map<String, float[]> byId = new HashMap<>();
    for (Row r : (ids == null ? df : df.filter(df.col("id").isin(ids.toArray()))).collectAsList()) {
      List<Float> v = r.getList(2);
      float[] a = new float[v.size()];
      for (int i = 0; i < a.length; i++) a[i] = v.get(i);
      byId.put(r.getString(0), a);
    }
    Map<String, float[]> ordered = new LinkedHashMap<>();
    (ids == null ? byId.keySet() : ids).stream().sorted().filter(byId::containsKey).forEach(id -> ordered.put(id, byId.get(id)));
    return ordered;
  }

  private static Path localTree(SparkSession spark, String dir) {
    try {
      return Storage.of(spark).localTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }
}
