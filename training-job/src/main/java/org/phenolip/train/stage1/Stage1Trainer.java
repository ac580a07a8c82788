package org.phenolip.train.stage1;

import static org.apache.spark.sql.functions.col;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.JobStage;
import org.phenolip.core.spark.Progress;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.InMemoryData;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.train.settings.PretrainedTowers;
import org.phenolip.train.settings.TrainSettings;
import org.phenolip.train.settings.TrainingRecord;

/**
 * Stage 1: reads PhenoKG phenotypes, builds the ontology text pairs, trains the teacher data-parallel, and writes
 * {@code model/} and {@code stage1_summary.json} with the ontology probe before and after training (on the driver),
 * then {@code phenotype_embeddings/} (id, system, vector), embedded by the executors ({@link PhenotypePrototypes}).
 */
public final class Stage1Trainer {
  public static final String MODEL_DIR = "model";
  public static final String EMBEDDINGS = "phenotype_embeddings";

  public static final StructType EMBEDDING_SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add(PhenoKg.SYSTEM, DataTypes.StringType, false)
      .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  /** Share of multi-synonym terms that lose one exact synonym to the held-out probe. */
  static final double HELD_OUT_FRACTION = 0.1;
  /** Share of leaf terms left out of training entirely (label, synonyms, definition, edges). */
  static final double HELD_OUT_TERM_FRACTION = 0.05;
  /** Share of the remaining is_a edges left out of training; both ends stay in. */
  static final double HELD_OUT_EDGE_FRACTION = 0.05;

  private Stage1Trainer() {}

  /**
   * @param systems keep only terms of these systems (empty: every live phenotype)
   * @param maxTerms cap on the number of terms, first by id (≤ 0: no cap)
   */
  public static Map<String, Object> run(SparkSession spark, TrainSettings o, List<String> systems, int maxTerms) {
    return run(spark, o, systems, maxTerms, PretrainedTowers.NONE);
  }

  /** As above, the text tower starting from a pretrained TorchScript tower ({@code towers.text()}; no image tower). */
  public static Map<String, Object> run(SparkSession spark, TrainSettings o, List<String> systems, int maxTerms,
      PretrainedTowers towers) {
    if (towers.image() != null) throw new IllegalArgumentException("stage 1 trains the text tower only: no --image-tower");
    Dataset<Row> phen = KgTables.open(spark, o.kg(), o.kgVersion()).dataset(PhenoKg.PHENOTYPES);
    SchemaCheck.require("train stage1 (PhenoKG phenotypes)", phen.schema(), PhenoKg.PHENOTYPE);
    Dataset<Row> live = phen.filter(col("obsolete").equalTo(false)).filter(col(PhenoKg.SYSTEM).notEqual("other"));
    if (!systems.isEmpty()) live = live.filter(col(PhenoKg.SYSTEM).isin(systems.toArray()));
    live = live.orderBy("id");
    if (maxTerms > 0) live = live.limit(maxTerms);
    List<OntologyPairs.Term> terms = new ArrayList<>();
    for (Row r : live.collectAsList()) terms.add(OntologyPairs.term(r));
    if (terms.isEmpty()) throw new IllegalArgumentException("no live phenotypes in " + o.kg() + " for systems " + systems);
    OntologyPairs data = OntologyPairs.build(terms, HELD_OUT_FRACTION, HELD_OUT_TERM_FRACTION, HELD_OUT_EDGE_FRACTION, o.seed());
    Progress.status(String.format("stage 1: %,d terms, %,d training pairs; probe: %,d held-out synonyms, %,d terms, %,d is_a edges",
        terms.size(), data.train().size(), data.heldOut().size(), data.heldOutTerms().size(), data.heldOutEdges().size()));

    // A pretrained text tower brings its own WordPiece vocabulary.
    java.nio.file.Path vocab = towers.text() != null ? towers.textVocab(org.phenolip.core.io.Storage.of(spark)) : o.vocabOrDefault();
    TokenizerSpec tok = TokenizerSpec.fromVocabTxt(vocab);
    ModelConfig config = towers.apply(o.preset().config(tok.size()), tok.size());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("preset", o.preset().key());
    summary.put("terms", terms.size());
    summary.put("training_pairs", data.train().size());
    summary.put("text_tower", towers.textDir());
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel initial = towers.create(config, m, o.seed());
      summary.put("probe_before", OntologyProbe.measure(new PhenolipEncoder(initial, tok.tokenizer(), m), data, o.seed()));
    }

    prepareOut(o);
    Stage1Task task = new Stage1Task(config, tok, o.seed(), towers);
    // Rank 0 writes the trained parameters through Hadoop FS: they never travel to the driver.
    TrainConfig cfg = o.config().modelPath(o.out().child(MODEL_DIR + "/" + PhenolipModel.PARAMS_FILE));
    TrainResult result = DataParallelTrainer.fit(spark, task, new InMemoryData<>(data.train()), cfg);

    try {
      PhenolipEncoder.saveAllButParameters(config, null, towers.text(), vocab, o.out().local().resolve(MODEL_DIR));
      Map<String, Object> own = new LinkedHashMap<>();
      own.put("systems", systems);
      own.put("max_terms", maxTerms);
      own.put("terms", terms.size());
      own.put("held_out_synonym_fraction", HELD_OUT_FRACTION);
      own.put("held_out_term_fraction", HELD_OUT_TERM_FRACTION);
      own.put("held_out_edge_fraction", HELD_OUT_EDGE_FRACTION);
      if (towers.any()) {
        own.putAll(towers.record(org.phenolip.core.io.Storage.of(spark)));
        own.put("init", "text tower: pretrained (TorchScript); image tower random, seed " + o.seed());
      }
      TrainingRecord.write(o.out().local().resolve(MODEL_DIR),
          TrainingRecord.of("stage1", o, cfg, task, own, result.metrics().size(), spark.version()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the teacher to " + o.out(), e);
    }
    publish(spark, o);
    // The probe scores the teacher as published, the model every later stage loads.
    try (PhenolipEncoder enc = PhenolipEncoder.load(org.phenolip.core.io.Storage.forTask().localTree(o.out().child(MODEL_DIR)))) {
      summary.put("probe_after", OntologyProbe.measure(enc, data, o.seed()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the teacher from " + o.out() + ": " + e.getMessage(), e);
    }
    summary.put("steps", result.metrics().size());
    summary.put("first_loss", result.metrics().isEmpty() ? null : result.metrics().get(0).loss());
    summary.put("last_loss", result.metrics().isEmpty() ? null : result.metrics().get(result.metrics().size() - 1).loss());
    summary.put("workers", o.workers());
    summary.put("wall_seconds", result.wallSeconds());
    summary.put("param_checksum", Long.toHexString(result.checksum()));
    prepareOut(o);
    Json.write(o.out().local().resolve("stage1_summary.json"), summary);
    publish(spark, o);
    // The executors embed the prototypes from the published teacher, so it has to be there first.
    JobStage.run(spark, "train-stage1", "embed " + terms.size() + " phenotype prototypes (executors)",
        () -> { PhenotypePrototypes.write(spark, terms, o.out().child(MODEL_DIR), o.out().child(EMBEDDINGS)); });
    return summary;
  }

  public static void prepareOut(TrainSettings o) {
    try {
      Files.createDirectories(o.out().local());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + o.out(), e);
    }
  }

  /** A remote --out receives what the driver wrote locally (tasks wrote checkpoints and metrics there already). */
  public static void publish(org.apache.spark.sql.SparkSession spark, TrainSettings o) {
    try {
      o.out().publish(org.phenolip.core.io.Storage.of(spark));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the outputs to " + o.out() + ": " + e.getMessage(), e);
    }
  }
}
