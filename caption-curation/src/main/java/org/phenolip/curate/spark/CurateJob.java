package org.phenolip.curate.spark;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.ExcludedPhenotype;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.JobStage;
import org.phenolip.core.spark.Progress;
import org.phenolip.curate.align.PanelLetterOcr;
import org.phenolip.curate.core.FigureCurator;
import org.phenolip.curate.domain.DomainClassifier;
import org.phenolip.curate.refine.LlmSettings;
import org.phenolip.curate.refine.RuleRefiner;
import org.phenolip.curate.subfigure.PanelDetector;
import org.phenolip.curate.subfigure.XyCutDetector;
import org.phenolip.kg.linking.DictionaryEntry;
import org.phenolip.kg.linking.Mention;
import org.phenolip.kg.linking.PhenotypeDictionary;
import org.phenolip.kg.linking.PhenotypeLinker;
import org.phenolip.kg.linking.Tier;

/**
 * {@code phenolip curate}: PhenoKG figures → curated subfigure–subcaption pairs (Delta tables).
 * Figures are decoded, split and cropped in executor tasks (never collected); only figures new or
 * changed since the last run (by a SHA-256 of caption and image) are processed, the rest carried over.
 */
public final class CurateJob {
  /**
   * @param detector the panel detector; null means {@link XyCutDetector}
   * @param llm the LLM refinement endpoint; null means rule-based refinement only
   * @param domainClassifier the ONNX image-domain classifier; null means caption and article rules only
   */
  public record Options(String kg, String out, FigureCurator.Settings settings, int hashDistance,
                        double captionDistance, boolean force, PanelDetector detector, LlmSettings llm,
                        DomainClassifier domainClassifier) {
    public Options(String kg, String out, FigureCurator.Settings settings, int hashDistance, double captionDistance,
                   boolean force) {
      this(kg, out, settings, hashDistance, captionDistance, force, null, null, null);
    }

    public Options(String kg, String out, FigureCurator.Settings settings, int hashDistance, double captionDistance,
                   boolean force, PanelDetector detector, LlmSettings llm) {
      this(kg, out, settings, hashDistance, captionDistance, force, detector, llm, null);
    }
  }

  private CurateJob() {}

  public static Map<String, Object> run(SparkSession spark, Options o) {
    long t0 = System.nanoTime();
    KgTables kg = KgTables.open(spark, o.kg());
    for (String d : List.of(PhenoKg.FIGURES, PhenoKg.ARTICLES, PhenoKg.PHENOTYPES)) {
      if (!kg.has(d)) throw new IllegalArgumentException("not a PhenoKG folder (no " + d + "/): " + o.kg());
    }
    String out = o.out();
    Dataset<Row> figures = kg.dataset(PhenoKg.FIGURES)
        .select("figure_id", "article_id", "caption", "image", "image_name")
        .withColumn("fingerprint", sha2(concat(encode(coalesce(col("caption"), lit("")), "UTF-8"),
            coalesce(col("image"), lit(new byte[0]))), 256));
    Dataset<Row> articles = kg.dataset(PhenoKg.ARTICLES).select("article_id", "title", "journal", "subjects");

    boolean incremental = !o.force() && exists(spark, out + "/" + CuratedSchema.STATE) && exists(spark, out + "/" + CuratedSchema.SUBFIGURES);
    Dataset<Row> state = incremental ? spark.read().format("delta").load(out + "/" + CuratedSchema.STATE) : null;
    Dataset<Row> todo = incremental ? figures.join(state, figures.col("figure_id").equalTo(state.col("figure_id"))
        .and(figures.col("fingerprint").equalTo(state.col("fingerprint"))), "left_anti") : figures;
    // ids whose old rows go: changed figures and figures no longer in the KG
    Dataset<Row> stale = incremental
        ? todo.select("figure_id").union(state.select("figure_id").join(figures.select("figure_id"), "figure_id", "left_anti")
            .select("figure_id")).distinct()
        : null;

    PhenotypeLinker linker = JobStage.run(spark, "curate", "phenotype dictionary from PhenoKG phenotypes", () -> linkerFrom(kg.dataset(PhenoKg.PHENOTYPES)));
    Map<String, String[]> terms = new HashMap<>();
    for (Row r : kg.dataset(PhenoKg.PHENOTYPES).select("id", "label", PhenoKg.SYSTEM).collectAsList()) {
      terms.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    PanelDetector detector = o.detector() == null ? new XyCutDetector() : o.detector();
    Broadcast<FigureCurator> bCurator = jsc.broadcast(new FigureCurator(linker, o.settings(), detector, o.domainClassifier()));
    Broadcast<Map<String, String[]>> bTerms = jsc.broadcast(terms);

    Dataset<Row> input = todo.join(articles, "article_id", "left");
    long todoCount = input.count();
    Progress.status("[curate] " + todoCount + " figures to curate" + (incremental ? " (new or changed since the last run)" : ""));
    JavaRDD<Object[]> results = input.javaRDD().mapPartitions(it -> {
      FigureCurator c = bCurator.value();
      Map<String, String[]> t = bTerms.value();
      List<Object[]> recs = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        List<String> subjects = r.isNullAt(r.fieldIndex("subjects")) ? List.of() : r.getList(r.fieldIndex("subjects"));
        var res = c.curate(new FigureCurator.Input(r.getAs("figure_id"), r.getAs("article_id"), r.getAs("caption"),
            r.getAs("image"), r.getAs("image_name"), r.getAs("title"), subjects, r.getAs("journal")));
        for (var p : res.panels()) recs.add(new Object[] {"S", subfigureRow(p, t)});
        for (var j : res.rejects()) recs.add(new Object[] {"R", RowFactory.create(j.source(), j.stage(), j.reason(), j.detail())});
        recs.add(new Object[] {"C", res.counts()});
      }
      return recs.iterator();
    }).persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> curatedSub = spark.createDataFrame(results.filter(x -> x[0].equals("S")).map(x -> (Row) x[1]), CuratedSchema.SUBFIGURE);
    Dataset<Row> curatedRej = spark.createDataFrame(results.filter(x -> x[0].equals("R")).map(x -> (Row) x[1]), PhenoKg.REJECT);
    @SuppressWarnings("unchecked")
    Map<String, Long> counts = JobStage.run(spark, "curate", "decode, detect, split, align, link, filter (executors)",
        () -> results.filter(x -> x[0].equals("C")).map(x -> (Map<String, Long>) x[1]).fold(new TreeMap<>(), (a, b) -> {
          Map<String, Long> m = new TreeMap<>(a);
          b.forEach((k, v) -> m.merge(k, v, Long::sum));
          return m;
        }));

    Dataset<Row> newSub = curatedSub;
    Dataset<Row> newRej = curatedRej;
    if (o.llm() != null) {
      LlmRefineStage.Result refined = JobStage.run(spark, "curate", "LLM caption refinement (executors)",
          () -> LlmRefineStage.apply(spark, curatedSub, out + "/" + CuratedSchema.LLM_CACHE, o.llm(), linker));
      newSub = refined.subfigures();
      newRej = curatedRej.unionByName(refined.rejects());
      counts.putAll(refined.counts());
      Progress.status("[curate] LLM refinement: " + refined.counts());
    }
    Dataset<Row> subAll = newSub;
    Dataset<Row> rejAll = newRej;
    if (incremental) {
      Dataset<Row> oldSub = spark.read().format("delta").load(out + "/" + CuratedSchema.SUBFIGURES).drop("duplicate_of");
      Dataset<Row> oldRej = spark.read().format("delta").load(out + "/" + CuratedSchema.REJECTS);
      subAll = oldSub.join(stale, "figure_id", "left_anti").select(colsOrNull(oldSub, newSub)).unionByName(newSub);
      org.apache.spark.sql.Column fig = regexp_extract(col("source"), "^([^#]*)", 1);
      rejAll = oldRej.filter(col("stage").notEqual("dedup"))
          .join(stale.withColumnRenamed("figure_id", "fid"), fig.equalTo(col("fid")), "left_anti").unionByName(newRej);
    } else {
      rejAll = newRej;
    }
    Dataset<Row> subBase = subAll.localCheckpoint();
    rejAll = rejAll.localCheckpoint();

    // near duplicates: image hashes within hashDistance bits (banded join), captions by MinHash LSH
    Dataset<Row> dups = JobStage.run(spark, "curate", "near-duplicate images (dHash) and captions (MinHashLSH)",
        () -> duplicates(subBase, o.hashDistance(), o.captionDistance()).localCheckpoint());
    Dataset<Row> sub = subBase.join(dups.select(col("b").as("subfigure_id"), col("a").as("duplicate_of"), col("why")),
        "subfigure_id", "left");
    Dataset<Row> dedupRejects = dups.select(col("b").as("source"), lit("dedup").as("stage"), col("why").as("reason"),
        concat(lit("duplicate of "), col("a")).as("detail"));
    Dataset<Row> rejFinal = rejAll.filter(col("stage").notEqual("dedup")).unionByName(dedupRejects);

    Dataset<Row> pairs = sub.filter(col("duplicate_of").isNull())
        .select(col("*"), explode(col("links")).as("l"))
        .select(concat(col("subfigure_id"), lit("#"), col("l.hpo_id")).as("pair_id"), col("figure_id"), col("article_id"),
            col("subcaption_full").as("caption"), col("l.hpo_id").as("hpo_id"), col("l.hpo_label").as("hpo_label"),
            col("l.matched_text").as("matched_text"), col("l.span_start").as("span_start"), col("l.span_end").as("span_end"),
            col("l.tier").as("tier"), col("l.confidence").as("confidence"), col("image"), col("l.system").as(PhenoKg.SYSTEM),
            col("subfigure_id"), col("refined_caption"), col("refine_method"), col("domain"), col("modality"),
            col("domain_source"), col("panel_labels"), col("box_x"), col("box_y"), col("box_w"), col("box_h"), col("alignment"));

    JobStage.run(spark, "curate", "write Delta tables", () -> {
      writeDelta(sub.drop("why"), out + "/" + CuratedSchema.SUBFIGURES, null);
      writeDelta(pairs, out + "/" + CuratedSchema.PAIRS, PhenoKg.SYSTEM);
      writeDelta(rejFinal, out + "/" + CuratedSchema.REJECTS, null);
      writeDelta(figures.select("figure_id", "fingerprint"), out + "/" + CuratedSchema.STATE, null);
    });
    results.unpersist();

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kg", kg.provenance(o.kg()));
    m.put("incremental", incremental);
    m.put("figures_in_kg", figures.count());
    m.put("figures_curated_this_run", todoCount);
    m.put("figures_carried_over", figures.count() - todoCount);
    m.put("steps_this_run", counts);
    Map<String, Long> dupCounts = new TreeMap<>();
    for (Row r : dups.groupBy("why").count().collectAsList()) dupCounts.put(r.getString(0), r.getLong(1));
    m.put("dedup", dupCounts);
    m.put("subfigures_total", sub.count());
    m.put("pairs_written", spark.read().format("delta").load(out + "/" + CuratedSchema.PAIRS).count());
    Map<String, Long> rej = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(out + "/" + CuratedSchema.REJECTS).groupBy("stage", "reason").count().collectAsList()) {
      rej.put(r.getString(0) + ":" + r.getString(1), r.getLong(2));
    }
    m.put("rejects_by_reason", rej);
    m.put("settings", Map.of("filters", o.settings(), "hash_distance", o.hashDistance(), "caption_distance", o.captionDistance(),
        "detector", detector.name(),
        "domain_classifier", o.domainClassifier() == null ? "off" : o.domainClassifier().name(), "refiner", o.llm() == null ? RuleRefiner.VERSION : o.llm().method(),
        "llm", o.llm() == null ? "off" : llmSettings(o.llm()), "ocr", o.settings().ocr() ? PanelLetterOcr.status() : "off: --no-ocr"));
    m.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    writeManifest(spark, out + "/" + CuratedSchema.MANIFEST, Json.write(m));
    return m;
  }

  /** What the manifest says about the endpoint: never the key, only where it came from and whether it was set. */
  private static Map<String, Object> llmSettings(LlmSettings l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoint", l.completionsUri().toString());
    m.put("model", l.model());
    m.put("prompt_version", org.phenolip.curate.refine.RefinePrompt.VERSION);
    m.put("key", l.key().source() + (l.key().present() ? " (set)" : " (unset: no Authorization header)"));
    m.put("max_requests", l.maxRequests());
    m.put("concurrency_per_executor", l.concurrency());
    m.put("timeout_ms", l.timeoutMs());
    m.put("max_attempts", l.maxAttempts());
    return m;
  }

  /** The columns of {@code like} from {@code old}; one a table written by an earlier version lacks is null (domain_source: "rules"). */
  private static org.apache.spark.sql.Column[] colsOrNull(Dataset<Row> old, Dataset<Row> like) {
    List<String> have = List.of(old.columns());
    var fields = like.schema().fields();
    org.apache.spark.sql.Column[] c = new org.apache.spark.sql.Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String n = fields[i].name();
      c[i] = have.contains(n) ? col(n)
          : n.equals("domain_source") ? when(col("domain_cue").equalTo("none"), lit("none")).otherwise(lit("rules")).as(n)
          : lit(null).cast(fields[i].dataType()).as(n);
    }
    return c;
  }

  /** Pairs (a, b, why) with a &lt; b near-duplicates; b is the one dropped. */
  static Dataset<Row> duplicates(Dataset<Row> sub, int hashDistance, double captionDistance) {
    SparkSession spark = sub.sparkSession();
    Dataset<Row> h = sub.select(col("subfigure_id"), col("image_hash"));
    // 4 bands of 16 bits: two hashes within 3 bits share a band (pigeonhole); more bits are checked, not guaranteed
    Dataset<Row> bands = h.select(col("subfigure_id"), col("image_hash"),
        explode(array(lit(0), lit(1), lit(2), lit(3))).as("band"))
        .withColumn("key", expr("shiftrightunsigned(image_hash, band * 16) & 65535"));
    Dataset<Row> a = bands.select(col("subfigure_id").as("a"), col("image_hash").as("ha"), col("band"), col("key"));
    Dataset<Row> b = bands.select(col("subfigure_id").as("b"), col("image_hash").as("hb"), col("band"), col("key"));
    Dataset<Row> imgDups = a.join(b, new String[] {"band", "key"}).filter(col("a").lt(col("b")))
        .filter(bit_count(col("ha").bitwiseXOR(col("hb"))).leq(hashDistance))
        .select(col("a"), col("b"), lit("near-duplicate-image").as("why")).distinct();
    Dataset<Row> caps = sub.select(col("subfigure_id"), coalesce(col("refined_caption"), lit("")).as("text"));
    Dataset<Row> capDups = spark.emptyDataFrame().select(lit("").as("a"), lit("").as("b"), lit("").as("why"));
    if (captionDistance > 0 && !caps.isEmpty()) {
      Pipeline p = new Pipeline().setStages(new PipelineStage[] {
          new RegexTokenizer().setInputCol("text").setOutputCol("tokens").setPattern("\\W+").setMinTokenLength(2),
          new HashingTF().setInputCol("tokens").setOutputCol("tf").setBinary(true).setNumFeatures(1 << 18)});
      Dataset<Row> v = p.fit(caps).transform(caps).filter(udfNonEmpty(col("tf")));
      MinHashLSH lsh = new MinHashLSH().setNumHashTables(5).setInputCol("tf").setOutputCol("hashes").setSeed(42);
      var model = lsh.fit(v);
      capDups = model.approxSimilarityJoin(v, v, captionDistance, "dist")
          .select(col("datasetA.subfigure_id").as("a"), col("datasetB.subfigure_id").as("b"))
          .filter(col("a").lt(col("b"))).select(col("a"), col("b"), lit("near-duplicate-caption").as("why"));
    }
    // one reason per dropped id (image first), the smallest keeper
    return imgDups.unionByName(capDups).groupBy("b").agg(min("a").as("a"), min("why").as("why")).select("a", "b", "why");
  }

  private static org.apache.spark.sql.Column udfNonEmpty(org.apache.spark.sql.Column v) {
    return udf((Vector x) -> x.numNonzeros() > 0, org.apache.spark.sql.types.DataTypes.BooleanType).apply(v);
  }

  static Row subfigureRow(FigureCurator.Panel p, Map<String, String[]> terms) {
    List<Row> links = new ArrayList<>();
    for (Mention m : p.links()) {
      String[] ls = terms.get(m.hpoId());
      // a negated link is a normal finding: its class is the excluded term ("no pneumonia")
      String id = m.negated() ? ExcludedPhenotype.of(m.hpoId()) : m.hpoId();
      String label = ls == null || ls[0] == null ? null : m.negated() ? ExcludedPhenotype.label(ls[0]) : ls[0];
      links.add(RowFactory.create(id, label, m.matchedText(), m.start(), m.end(),
          m.tier().name().toLowerCase(java.util.Locale.ROOT), m.confidence(), ls == null ? "other" : ls[1]));
    }
    return RowFactory.create(p.subfigureId(), p.figureId(), p.articleId(), p.panelIndex(),
        org.phenolip.core.schema.Rows.seq(p.labels()), p.box().x(), p.box().y(), p.box().w(), p.box().h(),
        p.alignment(), p.alignmentReason(), p.subcaption(), p.fullSubcaption(), p.refinedCaption(), p.refineMethod(),
        p.domain(), p.modality(), p.domainCue(), p.domainSource(), p.domainProb(), p.imageHash(), p.crop(), org.phenolip.core.schema.Rows.seq(links));
  }

  /** Live phenotypes under Phenotypic abnormality (system other than "other"): labels and synonyms, as kg build links. */
  static PhenotypeLinker linkerFrom(Dataset<Row> phenotypes) {
    List<DictionaryEntry> entries = new ArrayList<>();
    for (Row r : phenotypes
        .filter(col("obsolete").equalTo(false).and(col(PhenoKg.SYSTEM).notEqual("other")))
        .select("id", "label", "synonyms").collectAsList()) {
      String id = r.getString(0);
      if (!r.isNullAt(1) && !r.getString(1).isBlank()) entries.add(new DictionaryEntry(id, r.getString(1), Tier.LABEL));
      for (Row s : r.<Row>getList(2)) {
        Tier t = PhenotypeDictionary.tierOf(s.getString(1), s.getString(0));
        if (t != null && !s.getString(0).isBlank()) entries.add(new DictionaryEntry(id, s.getString(0), t));
      }
    }
    return PhenotypeLinker.of(PhenotypeDictionary.of(entries));
  }

  private static void writeDelta(Dataset<Row> df, String path, String partition) {
    var w = df.write().format("delta").mode("overwrite").option("overwriteSchema", "true").option("partitionOverwriteMode", "static");
    if (partition != null) w = w.partitionBy(partition);
    w.save(path);
  }

  static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void writeManifest(SparkSession spark, String path, String json) {
    try {
      Path p = new Path(path);
      var fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var o = fs.create(p, true)) {
        o.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
