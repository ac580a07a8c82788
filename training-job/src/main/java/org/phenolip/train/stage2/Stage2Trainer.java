package org.phenolip.train.stage2;

import ai.djl.ndarray.NDManager;
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
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.Progress;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.image.ImageDecodeException;
import org.phenolip.model.image.ImagePipeline;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.InMemoryData;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.train.optim.ParameterVector;
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

  /** Distillation settings; {@code teacher} null (or {@code lambda} 0) gives plain CLIP. */
  public record Distill(Path teacher, float lambda, float tauTeacher, float tauStudent) {}

  public static Map<String, Object> run(SparkSession spark, TrainSettings o, Distill d) {
    Set<String> excluded = FigureExamples.excludedArticles(o.excludeBench());
    List<FigureExamples.Example> examples = FigureExamples.collect(FigureExamples.load(spark, o.kg(), excluded));
    List<String> rejects = new ArrayList<>();
    List<FigureExamples.Example> usable = decodable(examples, rejects);
    if (usable.size() < o.batchSize()) {
      throw new IllegalArgumentException("stage 2 needs at least one global batch of figures with images: " + usable.size()
          + " usable (of " + examples.size() + "; " + rejects.size() + " undecodable, " + excluded.size()
          + " benchmark articles excluded) < --batch-size " + o.batchSize());
    }
    boolean distill = d.teacher() != null && d.lambda() > 0;
    Path teacherModel = d.teacher() == null ? null : d.teacher().resolve(Stage1Trainer.MODEL_DIR);
    Path vocab = teacherModel != null ? teacherModel.resolve(PhenolipEncoder.VOCAB_FILE) : o.vocabOrDefault();
    TokenizerSpec tok = TokenizerSpec.fromVocabTxt(vocab);
    ModelConfig config = o.preset().config(tok.size());

    Teaching teaching = distill ? teach(spark, d.teacher(), teacherModel, usable, config.embedDim()) : Teaching.none(usable);
    List<Stage2Row> rows = teaching.rows();
    float[] prototypes = teaching.prototypes();
    int prototypeCount = teaching.prototypeCount();
    Progress.status(String.format("stage 2: %,d figures (%d undecodable, %d benchmark articles excluded), %s",
        rows.size(), rejects.size(), excluded.size(),
        distill ? "distillation over " + prototypeCount + " prototypes, λ=" + d.lambda() : "plain CLIP (no distillation)"));

    Stage1Trainer.prepareOut(o);
    Stage2Task task = new Stage2Task(config, tok, o.seed(),
        distill ? teacherModel.toAbsolutePath().toString() : null, prototypes, prototypeCount,
        d.tauTeacher(), d.tauStudent(), distill ? d.lambda() : 0f);
    TrainConfig cfg = o.config();
    TrainResult result = DataParallelTrainer.fit(spark, task, new InMemoryData<>(rows), cfg);

    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel trained = PhenolipModel.create(config, m, o.seed());
      ParameterVector.trainable(trained).setValues(result.params());
      PhenolipEncoder.save(trained, vocab, o.out().resolve(Stage1Trainer.MODEL_DIR));
      Map<String, Object> own = new LinkedHashMap<>();
      own.put("init", distill ? "the teacher's weights" : "random, seed " + o.seed());
      own.put("distillation", distill);
      own.put("lambda", distill ? d.lambda() : 0f);
      own.put("tau_teacher", d.tauTeacher());
      own.put("tau_student", d.tauStudent());
      own.put("teacher", teacherModel == null ? null : TrainingRecord.folder(teacherModel));
      own.put("prototypes", prototypeCount);
      own.put("figures", rows.size());
      own.put("excluded_articles", excluded.size());
      TrainingRecord.write(o.out().resolve(Stage1Trainer.MODEL_DIR),
          TrainingRecord.of("stage2", o, cfg, task, own, result.metrics().size(), spark.version()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + o.out(), e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("preset", o.preset().key());
    summary.put("figures", rows.size());
    summary.put("undecodable_images", rejects);
    summary.put("excluded_articles", excluded.size());
    summary.put("distillation", distill);
    summary.put("lambda", distill ? d.lambda() : 0);
    summary.put("prototypes", prototypeCount);
    summary.put("steps", result.metrics().size());
    summary.put("first_loss", result.metrics().isEmpty() ? null : result.metrics().get(0).loss());
    summary.put("last_loss", result.metrics().isEmpty() ? null : result.metrics().get(result.metrics().size() - 1).loss());
    summary.put("workers", o.workers());
    summary.put("wall_seconds", result.wallSeconds());
    summary.put("param_checksum", Long.toHexString(result.checksum()));
    Json.write(o.out().resolve("stage2_summary.json"), summary);
    return summary;
  }

  /** Figures whose image decodes; the others go to {@code rejects} as "figure id: why". */
  static List<FigureExamples.Example> decodable(List<FigureExamples.Example> examples, List<String> rejects) {
    List<FigureExamples.Example> usable = new ArrayList<>();
    for (FigureExamples.Example e : examples) {
      try {
        ImagePipeline.decode(e.image());
        usable.add(e);
      } catch (ImageDecodeException ex) {
        rejects.add(e.figureId() + ": " + ex.getMessage());
      }
    }
    return usable;
  }

  /** The training rows with the teacher's caption embeddings, and the flattened phenotype prototypes. */
  record Teaching(List<Stage2Row> rows, float[] prototypes, int prototypeCount) {
    /** Plain CLIP: no teacher targets. */
    static Teaching none(List<FigureExamples.Example> usable) {
      List<Stage2Row> rows = new ArrayList<>();
      for (var e : usable) rows.add(new Stage2Row(e.figureId(), e.image(), e.caption(), null));
      return new Teaching(rows, null, 0);
    }
  }

  /** The frozen teacher's prototypes of the training figures' phenotypes and its caption embeddings. */
  static Teaching teach(SparkSession spark, Path teacherDir, Path teacherModel, List<FigureExamples.Example> usable,
                        int embedDim) {
    Set<String> ids = new LinkedHashSet<>();
    usable.forEach(e -> ids.addAll(e.hpoIds()));
    Map<String, float[]> emb = prototypesOf(spark, teacherDir, ids);
    if (emb.size() < 2) {
      throw new IllegalArgumentException("distillation needs prototypes of at least 2 phenotypes; the teacher in "
          + teacherDir + " has " + emb.size() + " of the " + ids.size() + " linked to training figures");
    }
    int prototypeCount = emb.size();
    float[] prototypes = new float[prototypeCount * embedDim];
    int k = 0;
    for (float[] v : emb.values()) System.arraycopy(v, 0, prototypes, (k++) * embedDim, embedDim);
    List<Stage2Row> rows = new ArrayList<>();
    try (PhenolipEncoder teacher = PhenolipEncoder.load(teacherModel)) {
      float[][] caps = teacher.embedTexts(usable.stream().map(FigureExamples.Example::caption).toList());
      for (int i = 0; i < usable.size(); i++) {
        var e = usable.get(i);
        rows.add(new Stage2Row(e.figureId(), e.image(), e.caption(), caps[i]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load teacher " + teacherModel, e);
    }
    return new Teaching(rows, prototypes, prototypeCount);
  }

  /** Teacher prototypes of {@code ids}, in id order, from {@code teacher/phenotype_embeddings}. */
  static Map<String, float[]> prototypesOf(SparkSession spark, Path teacher, Set<String> ids) {
    Path p = teacher.resolve(Stage1Trainer.EMBEDDINGS);
    if (!Files.isDirectory(p)) throw new IllegalArgumentException("teacher folder " + teacher + " has no " + Stage1Trainer.EMBEDDINGS + "/");
    var df = spark.read().parquet(p.toAbsolutePath().toString());
    SchemaCheck.require("teacher phenotype embeddings", df.schema(), Stage1Trainer.EMBEDDING_SCHEMA);
    Map<String, float[]> byId = new HashMap<>();
    for (Row r : df.filter(df.col("id").isin(ids.toArray())).collectAsList()) {
      List<Float> v = r.getList(2);
      float[] a = new float[v.size()];
      for (int i = 0; i < a.length; i++) a[i] = v.get(i);
      byId.put(r.getString(0), a);
    }
    Map<String, float[]> ordered = new LinkedHashMap<>();
    ids.stream().sorted().filter(byId::containsKey).forEach(id -> ordered.put(id, byId.get(id)));
    return ordered;
  }
}
