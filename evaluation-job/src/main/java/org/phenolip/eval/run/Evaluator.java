package org.phenolip.eval.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.spark.JobStage;
import org.phenolip.eval.bench.BenchItem;
import org.phenolip.eval.bench.LabelledImages;
import org.phenolip.eval.bench.PhenotypeTable;
import org.phenolip.eval.embed.EmbeddingModelFactory;
import org.phenolip.eval.metrics.Matching;
import org.phenolip.eval.metrics.PromptTemplates;
import org.phenolip.eval.metrics.Recall;
import org.phenolip.eval.metrics.Retrieval;
import org.phenolip.eval.metrics.Vectors;
import org.phenolip.eval.metrics.ZeroShot;
import org.phenolip.eval.probe.LinearProbe;
import org.phenolip.eval.spark.SparkEmbedder;
import org.phenolip.eval.spark.SparkEmbedder.Embedded;
import org.phenolip.eval.spark.EmbeddingTable;
import org.phenolip.eval.spark.ImageEmbedder;
import org.phenolip.eval.spark.TextEmbedder;
import org.phenolip.eval.spark.SparkRanker;

/**
 * Scores one model on a benchmark DataFrame: {@link ImageEmbedder} and {@link TextEmbedder} add
 * vector columns on the executors and only (key, vector) rows come to the driver; then zero-shot, retrieval (ranked across partitions by {@link SparkRanker}), matching and
 * linear probes.
 */
public final class Evaluator {
  /** Evaluation settings; see the metric classes for what each means. */
  public record Settings(ZeroShot.Candidates candidates, Matching.Prediction prediction, List<String> templates,
      int batch, int block, int queryBlock, double[] probeFractions, long[] probeSeeds, Set<String> heldOut) {
    public Settings(ZeroShot.Candidates candidates, Matching.Prediction prediction, List<String> templates,
        int batch, int block, int queryBlock, double[] probeFractions, long[] probeSeeds) {
      this(candidates, prediction, templates, batch, block, queryBlock, probeFractions, probeSeeds, Set.of());
    }

    public static Settings defaults() {
      return new Settings(ZeroShot.Candidates.SYSTEM, Matching.Prediction.topK(5), PromptTemplates.DEFAULT,
          32, 256, 512, LinearProbe.FRACTIONS, LinearProbe.SEEDS);
    }
  }

  private static final String CAPTION = "caption:", PROMPT = "prompt:";
  private static final StructType TEXTS = new StructType().add("key", DataTypes.StringType, false).add("text", DataTypes.StringType, false);
  private static final StructType PROBE_IMAGES = new StructType().add("row", DataTypes.LongType, false)
      .add("image", DataTypes.BinaryType, true).add("image_uri", DataTypes.StringType, true);

  private Evaluator() {}

  /** {@link #evaluate(SparkSession, EmbeddingModelFactory, Dataset, PhenotypeTable, List, Settings, String)} over validated rows. */
  public static ModelScores evaluate(SparkSession spark, EmbeddingModelFactory model, List<BenchItem> items,
      PhenotypeTable table, List<ProbeData> probes, Settings s, String embeddingsOut) {
    return evaluate(spark, model, items.isEmpty() ? null : BenchFrame.of(spark, items, s.batch()), table, probes, s, embeddingsOut);
  }

  /**
   * @param bench rows of {@link BenchFrame#SCHEMA} (null: no benchmark, probes only)
   * @param embeddingsOut folder for {@code --save-embeddings} Parquet (null: not saved)
   */
  public static ModelScores evaluate(SparkSession spark, EmbeddingModelFactory model, Dataset<Row> bench,
      PhenotypeTable table, List<ProbeData> probes, Settings s, String embeddingsOut) {
    String tag = model.name();
    long t0 = System.nanoTime();
    int embedded = 0;
    ZeroShot.Result zs = null;
    Map<String, Recall> retrieval = null;
    Matching.Result matching = null;
    List<Row> meta = bench == null ? List.of() : bench.select("row", "id", "caption", "phenotypes", "system").orderBy("row").collectAsList();
    if (!meta.isEmpty()) {
      List<String> ids = new ArrayList<>(), systems = new ArrayList<>(), texts = new ArrayList<>();
      List<Set<String>> labels = new ArrayList<>();
      for (Row r : meta) {
        ids.add(r.getString(1));
        texts.add(r.getString(2));
        labels.add(new LinkedHashSet<>(r.<String>getList(3)));
        systems.add(r.getString(4));
      }
      List<String> classIds = new ArrayList<>(new LinkedHashSet<>(labels.stream().flatMap(Set::stream).sorted().toList()));
      List<Row> promptRows = new ArrayList<>();
      for (String id : classIds) {
        List<String> prompts = PromptTemplates.fill(s.templates(), table.label(id));
        for (int t = 0; t < prompts.size(); t++) promptRows.add(RowFactory.create(PROMPT + id + "#" + t, prompts.get(t)));
      }
      Dataset<Row> textFrame = bench.select(functions.concat(functions.lit(CAPTION), bench.col("id")).as("key"), bench.col("caption").as("text"))
          .union(spark.createDataFrame(promptRows, TEXTS));
      Map<String, float[]> img = JobStage.run(spark, "eval", tag + ": embed " + meta.size() + " images",
          () -> EmbeddingTable.collect(new ImageEmbedder(model).setImageCol("image").setUriCol("image_uri")
              .setBatchSize(s.batch()).transform(bench), "id", "vector"));
      Map<String, float[]> txt = JobStage.run(spark, "eval", tag + ": embed " + (meta.size() + promptRows.size()) + " captions and prompts",
          () -> EmbeddingTable.collect(new TextEmbedder(model).setInputCol("text").setBatchSize(s.batch()).transform(textFrame), "key", "vector"));
      embedded = img.size() + txt.size();
      float[][] images = new float[meta.size()][], captions = new float[meta.size()][];
      for (int i = 0; i < images.length; i++) {
        images[i] = Vectors.normalized(img.get(ids.get(i)));
        captions[i] = Vectors.normalized(txt.get(CAPTION + ids.get(i)));
      }
      float[][] classes = new float[classIds.size()][];
      for (int j = 0; j < classes.length; j++) {
        float[][] p = new float[s.templates().size()][];
        for (int t = 0; t < p.length; t++) p[t] = txt.get(PROMPT + classIds.get(j) + "#" + t);
        classes[j] = Vectors.meanOfNormalized(p);
      }
      if (embeddingsOut != null) {
        List<Embedded> save = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
          save.add(new Embedded(ids.get(i), SparkEmbedder.IMAGE, images[i]));
          save.add(new Embedded(ids.get(i), SparkEmbedder.CAPTION, captions[i]));
        }
        for (int j = 0; j < classes.length; j++) save.add(new Embedded(classIds.get(j), SparkEmbedder.PHENOTYPE, classes[j]));
        SparkEmbedder.save(spark, embeddingsOut, save);
      }
      zs = ZeroShot.evaluate(images, systems, labels, classIds, classes, s.candidates(), s.block(), s.heldOut());
      retrieval = JobStage.run(spark, "eval", tag + ": retrieval I2T/T2I/I2P/P2I",
          () -> Retrieval.evaluate(new SparkRanker(spark, 1, s.block(), s.queryBlock()), images, captions, texts, labels, classIds, classes));
      Map<String, Integer> index = new HashMap<>();
      for (int j = 0; j < classIds.size(); j++) index.put(classIds.get(j), j);
      int[][] labelIdx = new int[images.length][];
      for (int i = 0; i < images.length; i++) labelIdx[i] = labels.get(i).stream().mapToInt(index::get).toArray();
      matching = Matching.evaluate(images, labelIdx, classes, s.prediction(), s.block());
    }
    Map<String, LinearProbe.Result> probeResults = new LinkedHashMap<>();
    Map<String, Double> probeChance = new LinkedHashMap<>();
    for (ProbeData p : probes) {
      float[][] tr = embedImages(spark, model, p.train(), s.batch());
      float[][] te = embedImages(spark, model, p.test(), s.batch());
      embedded += tr.length + te.length;
      probeChance.put(p.name(), majorityShare(p.test().labels()));
      probeResults.put(p.name(), JobStage.run(spark, "eval", tag + ": linear probe " + p.name(),
          () -> LinearProbe.run(spark, p.name(), tr, p.train().labels(), te, p.test().labels(), p.train().classes().size(),
              s.probeFractions(), s.probeSeeds())));
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new ModelScores(model.name(), model.key(), zs, retrieval, matching, probeResults, probeChance, null, secs, embedded);
  }

  /** The share of the most frequent label: the accuracy of a probe that always answers it. */
  static double majorityShare(int[] labels) {
    Map<Integer, Integer> c = new HashMap<>();
    for (int l : labels) c.merge(l, 1, Integer::sum);
    return labels.length == 0 ? Double.NaN : c.values().stream().mapToInt(Integer::intValue).max().getAsInt() / (double) labels.length;
  }

  /** The set's image embeddings, L2-normalised, in its order; executors read and decode the images. */
  public static float[][] embedImages(SparkSession spark, EmbeddingModelFactory model, LabelledImages li, int batch) {
    List<Row> rows = new ArrayList<>(li.size());
    for (int i = 0; i < li.size(); i++) {
      rows.add(RowFactory.create((long) i, li.images() == null ? null : li.images().get(i), li.uris() == null ? null : li.uris().get(i)));
    }
    int parts = BenchFrame.partitions(spark, rows.size(), batch);
    Dataset<Row> frame = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, parts), PROBE_IMAGES);
    Map<String, float[]> byRow = EmbeddingTable.collect(new ImageEmbedder(model).setImageCol("image").setUriCol("image_uri")
        .setBatchSize(batch).transform(frame), "row", "vector");
    float[][] out = new float[li.size()][];
    for (int i = 0; i < out.length; i++) out[i] = Vectors.normalized(byRow.get(String.valueOf(i)));
    return out;
  }
}
