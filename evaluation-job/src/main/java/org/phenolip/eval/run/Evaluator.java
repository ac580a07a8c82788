package org.phenolip.eval.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
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
import org.phenolip.eval.spark.SparkEmbedder.Input;
import org.phenolip.eval.spark.SparkRanker;

/**
 * Scores one model on a benchmark: embeds images, captions and phenotype prompts on Spark,
 * then zero-shot, retrieval (ranked across partitions by {@link SparkRanker}), matching and
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

  private Evaluator() {}

  /**
   * @param embeddingsOut folder for {@code --save-embeddings} Parquet (null: not saved)
   */
  public static ModelScores evaluate(SparkSession spark, EmbeddingModelFactory model, List<BenchItem> items,
      PhenotypeTable table, List<ProbeData> probes, Settings s, String embeddingsOut) {
    String tag = model.name();
    long t0 = System.nanoTime();
    int embedded = 0;
    ZeroShot.Result zs = null;
    Map<String, Recall> retrieval = null;
    Matching.Result matching = null;
    if (!items.isEmpty()) {
      List<String> classIds = new ArrayList<>(new LinkedHashSet<>(items.stream().flatMap(i -> i.phenotypes().stream()).sorted().toList()));
      List<Input> inputs = new ArrayList<>();
      for (BenchItem it : items) {
        inputs.add(Input.image(it.id(), it.imagePath(), it.image()));
        inputs.add(Input.text(it.id(), SparkEmbedder.CAPTION, it.caption()));
      }
      for (String id : classIds) {
        List<String> prompts = PromptTemplates.fill(s.templates(), table.label(id));
        for (int t = 0; t < prompts.size(); t++) inputs.add(Input.text(id + "#" + t, SparkEmbedder.PROMPT, prompts.get(t)));
      }
      List<Embedded> out = JobStage.run(spark, "eval", tag + ": embed " + inputs.size() + " images and texts",
          () -> SparkEmbedder.embed(spark, model, inputs, s.batch(), 0));
      embedded = out.size();
      Map<String, float[]> img = new HashMap<>(), cap = new HashMap<>();
      Map<String, float[][]> prompts = new HashMap<>();
      for (Embedded e : out) {
        switch (e.kind()) {
          case SparkEmbedder.IMAGE -> img.put(e.id(), e.vector());
          case SparkEmbedder.CAPTION -> cap.put(e.id(), e.vector());
          default -> {
            int hash = e.id().lastIndexOf('#');
            prompts.computeIfAbsent(e.id().substring(0, hash), k -> new float[s.templates().size()][])[Integer.parseInt(e.id().substring(hash + 1))] = e.vector();
          }
        }
      }
      float[][] images = new float[items.size()][], captions = new float[items.size()][];
      List<String> systems = new ArrayList<>(), texts = new ArrayList<>();
      List<Set<String>> labels = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        BenchItem it = items.get(i);
        images[i] = Vectors.normalized(img.get(it.id()));
        captions[i] = Vectors.normalized(cap.get(it.id()));
        systems.add(it.system());
        texts.add(it.caption());
        labels.add(new LinkedHashSet<>(it.phenotypes()));
      }
      float[][] classes = new float[classIds.size()][];
      for (int j = 0; j < classes.length; j++) classes[j] = Vectors.meanOfNormalized(prompts.get(classIds.get(j)));
      if (embeddingsOut != null) {
        List<Embedded> save = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          save.add(new Embedded(items.get(i).id(), SparkEmbedder.IMAGE, images[i]));
          save.add(new Embedded(items.get(i).id(), SparkEmbedder.CAPTION, captions[i]));
        }
        for (int j = 0; j < classes.length; j++) save.add(new Embedded(classIds.get(j), SparkEmbedder.PHENOTYPE, classes[j]));
        SparkEmbedder.save(spark, embeddingsOut, save);
      }
      zs = ZeroShot.evaluate(images, systems, labels, classIds, classes, s.candidates(), s.block(), s.heldOut());
      retrieval = JobStage.run(spark, "eval", tag + ": retrieval I2T/T2I/I2P/P2I",
          () -> Retrieval.evaluate(new SparkRanker(spark, 1, s.block(), s.queryBlock()), images, captions, texts, labels, classIds, classes));
      Map<String, Integer> index = new HashMap<>();
      for (int j = 0; j < classIds.size(); j++) index.put(classIds.get(j), j);
      int[][] labelIdx = new int[items.size()][];
      for (int i = 0; i < items.size(); i++) labelIdx[i] = items.get(i).phenotypes().stream().mapToInt(index::get).toArray();
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

  static float[][] embedImages(SparkSession spark, EmbeddingModelFactory model, LabelledImages li, int batch) {
    List<Input> in = new ArrayList<>();
    for (int i = 0; i < li.size(); i++) in.add(Input.image(li.ids().get(i), null, li.images().get(i)));
    Map<String, float[]> byId = new HashMap<>();
    for (Embedded e : SparkEmbedder.embed(spark, model, in, batch, 0)) byId.put(e.id(), e.vector());
    float[][] out = new float[li.size()][];
    for (int i = 0; i < out.length; i++) out[i] = Vectors.normalized(byId.get(li.ids().get(i)));
    return out;
  }
}
