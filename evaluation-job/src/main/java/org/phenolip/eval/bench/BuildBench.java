package org.phenolip.eval.bench;

import static org.apache.spark.sql.functions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.OutputFolder;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.AnatomicalSystem;
import org.phenolip.core.schema.ExcludedPhenotype;
import org.phenolip.core.schema.FigurePairs;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.JobStage;

/**
 * Draws a PhenoBench-style benchmark from PhenoKG {@code pairs}.
 * <ol>
 *   <li>Figures: the pairs of one figure make one row (its phenotypes = the set of linked HPO
 *       ids; its system = the most frequent {@code system} among its pairs, ties in
 *       {@link AnatomicalSystem} order).</li>
 *   <li>Held out by article: each article falls in the stratum of its figures' most frequent
 *       system; per stratum the articles are shuffled (seeded) and taken until the stratum's
 *       quota of figures is reached: {@code fraction} of the stratum's figures, or its share of
 *       {@code size}. A stratum with a single article gives none (it would leave training).
 *       Every taken article is written to {@code excluded_articles.txt} for training's
 *       {@code --exclude-bench}, so no article is on both sides.</li>
 *   <li>De-duplicated: a bench figure is rejected when its image bytes (SHA-256) or its
 *       normalised caption (lower case, white space collapsed) occur in a training figure or
 *       in an earlier bench figure (by figure id); also when it has no image or caption, or
 *       its image does not decode.</li>
 * </ol>
 * <p>Articles that the ground truth assigns a side ({@code split}) keep it; only the others are drawn.
 * <p>Rows are grouped (the manifest's {@code system}) by imaging domain when the PhenoKG pairs
 * carry a {@code domain} column, else by anatomical system; zero-shot candidates are then every
 * phenotype of the group present in the benchmark. With a ground truth ({@link GroundTruth}) a
 * row's phenotypes are the ground truth's (the label of record), and compound figures are left
 * out until curation splits them. Normal findings are a class: a figure whose caption only negates
 * phenotypes (PhenoKG {@code negated_pairs}), or whose ground truth rules them out, is labelled
 * with the excluded terms ({@code NOT:HP:...}, prompted as "no pneumonia"). Held-out phenotypes ({@code --holdout-phenotypes} or a
 * seeded fraction of the linked ones): every figure linked to one (or carrying one in the
 * ground truth) goes to the benchmark side and into the exclusion list as a
 * {@code {"figure_id": ...}} line, so stage 2 never sees their images; their rows are the
 * "unseen" split.
 *
 * <p>Output in {@code out}: {@code bench.jsonl} + {@code images/}, {@code phenotypes.jsonl},
 * {@code excluded_articles.txt}, {@code heldout_phenotypes.txt}, {@code rejects.jsonl},
 * {@code build.json} (counts and settings). The benchmark registers itself in the KG
 * ({@link org.phenolip.core.io.BenchRegistry}) so that training refuses to run without {@code --exclude-bench}.
 */
public final class BuildBench {
  public static final String MANIFEST = "bench.jsonl";
  public static final String EXCLUDED = "excluded_articles.txt";
  public static final String REJECTS = "rejects.jsonl";
  public static final String SUMMARY = "build.json";

  public static final String REASON_IMAGE_IN_TRAINING = "image also in training";
  public static final String REASON_CAPTION_IN_TRAINING = "caption also in training";
  public static final String REASON_DUPLICATE_IMAGE = "duplicate image";
  public static final String REASON_DUPLICATE_CAPTION = "duplicate caption";
  public static final String REASON_COMPOUND = "compound figure (left out until curation splits it)";
  public static final String REASON_NO_GROUND_TRUTH = "no phenotype of record in the ground truth";
  public static final String HELDOUT = "heldout_phenotypes.txt";
  /** PhenoKG pairs column of the imaging domain (added by curation); grouping falls back to system. */
  public static final String DOMAIN = "domain";

  /**
   * Settings: {@code size <= 0} means use {@code fraction}; {@code groundTruth} may be null;
   * held-out phenotypes: the listed ids, else {@code holdoutFraction} (0: none) of the linked ones.
   */
  public record Options(double fraction, int size, long seed, String groundTruth, List<String> holdout, double holdoutFraction) {
    public Options {
      if (size <= 0 && (fraction <= 0 || fraction >= 1)) throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
      if (holdoutFraction < 0 || holdoutFraction >= 1) throw new IllegalArgumentException("--holdout-fraction must be in [0, 1), got " + holdoutFraction);
      holdout = holdout == null ? List.of() : List.copyOf(holdout);
      for (String id : holdout) {
        if (!PhenotypeTable.HPO_ID.matcher(id).matches()) throw new IllegalArgumentException("--holdout-phenotypes: not an HPO id: '" + id + "'");
      }
      if (!holdout.isEmpty() && holdoutFraction > 0) throw new IllegalArgumentException("give --holdout-phenotypes or --holdout-fraction, not both");
    }

    public Options(double fraction, int size, long seed) {
      this(fraction, size, seed, null, List.of(), 0);
    }
  }

  /** What was built: counts for the console and build.json. */
  public record Summary(int figures, int articles, int benchArticles, int candidates, int kept,
      Map<String, Integer> rejectsByReason, Map<String, Integer> keptBySystem, String groupedBy, List<String> heldOut, int unseenRows) {}

  /** One figure, without its image bytes. */
  record Figure(String figureId, String articleId, String caption, String imageSha, List<String> phenotypes, String system) {}

  private BuildBench() {}

  /** Builds the benchmark into the local folder {@code out}. */
  public static Summary run(SparkSession spark, String kgDir, Path out, Options opt) {
    return run(spark, kgDir, OutputFolder.of(out.toString(), "--out"), opt);
  }

  /**
   * Builds the benchmark into {@code folder}: a local folder, or local scratch published to its
   * URI (HDFS, S3) at the end; the benchmark is registered beside the KG under its final name.
   */
  public static Summary run(SparkSession spark, String kgDir, OutputFolder folder, Options opt) {
    Path out = folder.local();
    KgTables kg = KgTables.open(spark, kgDir);
    // where rejects say a row came from
    String pairsPath = kgDir + "/" + PhenoKg.PAIRS;
    Dataset<Row> pairs = kg.dataset(PhenoKg.PAIRS);
    SchemaCheck.require("build-bench (" + kgDir + " " + PhenoKg.PAIRS + ")", pairs.schema(), PhenoKg.PAIR);
    Dataset<Row> figures = kg.dataset(PhenoKg.FIGURES);
    String groupBy = java.util.Arrays.asList(pairs.columns()).contains(DOMAIN) ? DOMAIN : PhenoKg.SYSTEM;
    GroundTruth truth = opt.groundTruth() == null ? null : GroundTruth.read(Storage.of(spark), opt.groundTruth());
    // Links are gathered per figure first; its caption and image hash then join once per figure.
    Dataset<Row> negated = normalFindings(kg, groupBy);
    Dataset<Row> linked = pairs.select("figure_id", "article_id", "linked_field", "hpo_id", groupBy);
    if (negated != null) linked = linked.unionByName(FigurePairs.normalFindings(linked, negated));
    Dataset<Row> links = linked.groupBy("figure_id")
        .agg(first("article_id").as("article_id"), first("linked_field").as("linked_field"),
            collect_set("hpo_id").as("phenotypes"), collect_list(groupBy).as("systems"));
    Dataset<Row> figs = FigurePairs.withCaption(links, figures.withColumn("image_sha", sha2(col("image"), 256)), "image_sha")
        .withColumn("caption_key", lower(regexp_replace(trim(col("caption")), "\\s+", " ")))
        .select("figure_id", "article_id", "caption", "image_sha", "caption_key", "phenotypes", "systems")
        .cache();
    try {
      List<Figure> all = JobStage.run(spark, "build-bench", "figures from PhenoKG pairs", () -> {
        List<Figure> l = new ArrayList<>();
        for (Row r : figs.drop("caption_key").collectAsList()) {
          List<String> ph = new ArrayList<>(r.getList(4));
          Collections.sort(ph);
          l.add(new Figure(r.getString(0), r.getString(1), r.getString(2), r.getString(3), ph, majority(r.getList(5))));
        }
        return l;
      });
      List<String> heldOut = heldOut(all, opt);
      Set<String> benchArticles = chooseArticles(all, opt, truth == null ? Map.of() : truth.splitOfArticle());
      // Every figure of a held-out phenotype (linked, or in the ground truth) leaves training.
      Set<String> heldOutFigures = new TreeSet<>();
      for (Figure f : all) {
        GroundTruth.Entry e = truth == null ? null : truth.byFigure().get(f.figureId());
        if (f.phenotypes().stream().anyMatch(heldOut::contains) || (e != null && e.hpoIds().stream().anyMatch(heldOut::contains))) {
          heldOutFigures.add(f.figureId());
        }
      }
      List<Figure> candidates = all.stream().filter(f -> benchArticles.contains(f.articleId()) || heldOutFigures.contains(f.figureId()))
          .sorted((a, b) -> a.figureId().compareTo(b.figureId())).toList();
      // Training side: the images and captions a bench row must not repeat.
      Set<String> trainSha = new HashSet<>(), trainCaption = new HashSet<>();
      Dataset<Row> train = figs.filter(not(col("article_id").isin(benchArticles.toArray())))
          .filter(not(col("figure_id").isin(heldOutFigures.toArray())));
      for (Row r : train.select("image_sha", "caption_key").collectAsList()) {
        if (!r.isNullAt(0)) trainSha.add(r.getString(0));
        if (!r.isNullAt(1)) trainCaption.add(r.getString(1));
      }
      List<Reject> rejects = new ArrayList<>();
      List<Figure> kept = dedup(ofRecord(candidates, truth, rejects, pairsPath), trainSha, trainCaption, rejects, pairsPath);
      // Labels for phenotypes.jsonl: the pairs' hpo_label (else the id).
      Map<String, String> labels = new TreeMap<>();
      Dataset<Row> named = negated == null ? pairs.select("hpo_id", "hpo_label")
          : pairs.select("hpo_id", "hpo_label").union(negated.select("hpo_id", "hpo_label"));
      for (Row r : named.groupBy("hpo_id").agg(first("hpo_label", true)).collectAsList()) {
        labels.put(r.getString(0), r.isNullAt(1) ? r.getString(0) : r.getString(1));
      }
      Map<String, String> imageNames = new HashMap<>();
      List<BenchItem> items = writeImages(spark, figures, kept, rejects, kgDir + "/" + PhenoKg.FIGURES, folder, imageNames);
      labels.putAll(kgLabels(kg, items));
      write(out, items, imageNames, benchArticles, rejects, labels);
      List<String> excludedLines = new ArrayList<>(benchArticles);
      for (String f : heldOutFigures) excludedLines.add(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(Map.of("figure_id", f)));
      Files.write(out.resolve(EXCLUDED), excludedLines, StandardCharsets.UTF_8);
      Files.write(out.resolve(HELDOUT), heldOut, StandardCharsets.UTF_8);
      int unseen = (int) items.stream().filter(it -> it.phenotypes().stream().anyMatch(heldOut::contains)).count();
      Map<String, Integer> bySystem = new TreeMap<>();
      for (BenchItem it : items) bySystem.merge(it.system(), 1, Integer::sum);
      Map<String, Integer> byReason = new TreeMap<>();
      for (Reject r : rejects) byReason.merge(r.reason(), 1, Integer::sum);
      int articles = (int) all.stream().map(Figure::articleId).distinct().count();
      Summary s = new Summary(all.size(), articles, benchArticles.size(), candidates.size(), items.size(), byReason, bySystem,
          groupBy, heldOut, unseen);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("kg", kgDir);
      json.put("kg_version", kg.provenance(kgDir).get("version"));
      json.put("fraction", opt.fraction());
      json.put("size", opt.size());
      json.put("seed", opt.seed());
      json.put("ground_truth", opt.groundTruth());
      json.put("articles_split_by_ground_truth", truth == null ? 0 : (int) all.stream().map(Figure::articleId).distinct()
          .filter(truth.splitOfArticle()::containsKey).count());
      json.put("holdout_fraction", opt.holdoutFraction());
      json.put("summary", s);
      Json.write(out.resolve(SUMMARY), json);
      folder.publish(Storage.of(spark));
      org.phenolip.core.io.BenchRegistry.register(spark.sparkContext().hadoopConfiguration(), kgDir, folder.uri());
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark to " + folder + ": " + e.getMessage(), e);
    } finally {
      figs.unpersist();
    }
  }

  /**
   * The KG's {@code negated_pairs} (normal findings come from them, {@link FigurePairs#normalFindings}),
   * or null when it has none or they lack the grouping column (a domain that curation adds to pairs only).
   */
  private static Dataset<Row> normalFindings(KgTables kg, String groupBy) {
    if (!kg.has(PhenoKg.NEGATED_PAIRS)) return null;
    Dataset<Row> negated = kg.dataset(PhenoKg.NEGATED_PAIRS);
    if (!java.util.Arrays.asList(negated.columns()).contains(groupBy)) {
      org.phenolip.core.spark.Progress.status("build-bench: normal findings left out (" + PhenoKg.NEGATED_PAIRS + " has no " + groupBy + " column)");
      return null;
    }
    return negated;
  }

  /** The held-out phenotypes: the listed ones, else a seeded fraction (at least one) of those linked to figures. */
  static List<String> heldOut(List<Figure> figures, Options opt) {
    if (!opt.holdout().isEmpty()) return opt.holdout().stream().sorted().distinct().toList();
    if (opt.holdoutFraction() <= 0) return List.of();
    // normal findings (NOT:HP:...) are not phenotypes a figure depicts
    List<String> linked = new ArrayList<>(new TreeSet<>(figures.stream().flatMap(f -> f.phenotypes().stream())
        .filter(id -> !ExcludedPhenotype.isExcluded(id)).toList()));
    Collections.shuffle(linked, new Random(opt.seed() * 31 + 7));
    int n = Math.max(1, (int) Math.round(opt.holdoutFraction() * linked.size()));
    return linked.subList(0, Math.min(n, linked.size())).stream().sorted().toList();
  }

  /** With a ground truth: its phenotypes replace the linked ones; compound figures are rejected. */
  static List<Figure> ofRecord(List<Figure> candidates, GroundTruth truth, List<Reject> rejects, String source) {
    if (truth == null) return candidates;
    List<Figure> out = new ArrayList<>();
    for (Figure f : candidates) {
      GroundTruth.Entry e = truth.byFigure().get(f.figureId());
      if (e == null) {
        out.add(f);
      } else if (e.compound()) {
        rejects.add(new Reject(source, f.figureId(), REASON_COMPOUND, "panels carry their own classes"));
      } else if (e.classes().isEmpty()) {
        rejects.add(new Reject(source, f.figureId(), REASON_NO_GROUND_TRUTH, "linked " + f.phenotypes()));
      } else {
        List<String> ids = new ArrayList<>(new TreeSet<>(e.classes()));
        out.add(new Figure(f.figureId(), f.articleId(), f.caption(), f.imageSha(), ids, f.system()));
      }
    }
    return out;
  }

  /** Names from the KG's phenotype table for ids the pairs do not label (ground-truth ids that were never linked). */
  private static Map<String, String> kgLabels(KgTables kg, List<BenchItem> items) {
    Set<String> ids = new TreeSet<>();
    items.forEach(it -> it.phenotypes().forEach(id -> ids.add(ExcludedPhenotype.term(id))));
    Map<String, String> m = new TreeMap<>();
    // A KG without a phenotype table (a pairs-only test KG): the pairs' labels stand.
    if (!kg.has(PhenoKg.PHENOTYPES)) return m;
    for (Row r : kg.dataset(PhenoKg.PHENOTYPES).filter(col("id").isin(ids.toArray())).select("id", "label").collectAsList()) {
      if (!r.isNullAt(1)) m.put(r.getString(0), r.getString(1));
    }
    return m;
  }

  static String majority(List<String> systems) {
    Map<String, Integer> c = new HashMap<>();
    for (String s : systems) c.merge(s, 1, Integer::sum);
    return c.entrySet().stream().max((a, b) -> {
      int d = Integer.compare(a.getValue(), b.getValue());
      return d != 0 ? d : Integer.compare(order(b.getKey()), order(a.getKey()));
    }).map(Map.Entry::getKey).orElse(AnatomicalSystem.OTHER.key());
  }

  private static int order(String key) {
    return AnatomicalSystem.byKey(key).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
  }

  /**
   * Articles for the bench: those the source assigns ({@code fixed}: article → train/bench) keep their side; the
   * others are drawn, stratified by their majority system.
   */
  static Set<String> chooseArticles(List<Figure> figures, Options opt, Map<String, String> fixed) {
    Set<String> chosen = new TreeSet<>();
    for (Figure f : figures) if (GroundTruth.BENCH.equals(fixed.get(f.articleId()))) chosen.add(f.articleId());
    chosen.addAll(chooseArticles(figures.stream().filter(f -> !fixed.containsKey(f.articleId())).toList(), opt));
    return chosen;
  }

  /** Articles for the bench, stratified by their majority system. */
  static Set<String> chooseArticles(List<Figure> figures, Options opt) {
    Map<String, List<String>> systemsOfArticle = new TreeMap<>();
    Map<String, Integer> figuresOfArticle = new HashMap<>();
    if (figures.isEmpty()) return new TreeSet<>();
    for (Figure f : figures) {
      systemsOfArticle.computeIfAbsent(f.articleId(), a -> new ArrayList<>()).add(f.system());
      figuresOfArticle.merge(f.articleId(), 1, Integer::sum);
    }
    Map<String, List<String>> strata = new TreeMap<>();
    systemsOfArticle.forEach((a, s) -> strata.computeIfAbsent(majority(s), k -> new ArrayList<>()).add(a));
    Set<String> chosen = new TreeSet<>();
    for (var e : strata.entrySet()) {
      List<String> arts = new ArrayList<>(e.getValue());
      if (arts.size() < 2) continue;
      int n = arts.stream().mapToInt(figuresOfArticle::get).sum();
      double quota = opt.size() > 0 ? (double) opt.size() * n / figures.size() : opt.fraction() * n;
      Collections.shuffle(arts, new Random(opt.seed() ^ e.getKey().hashCode()));
      int taken = 0;
      for (int i = 0; i < arts.size() - 1 && taken < Math.max(1, Math.round(quota)); i++) {
        chosen.add(arts.get(i));
        taken += figuresOfArticle.get(arts.get(i));
      }
    }
    return chosen;
  }

  static List<Figure> dedup(List<Figure> candidates, Set<String> trainSha, Set<String> trainCaption, List<Reject> rejects, String source) {
    Set<String> seenSha = new HashSet<>(), seenCaption = new HashSet<>();
    List<Figure> kept = new ArrayList<>();
    for (Figure f : candidates) {
      String key = f.caption() == null ? null : f.caption().trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
      String reason = null, detail = null;
      if (f.imageSha() == null) {
        reason = BenchManifest.REASON_MISSING_IMAGE;
        detail = "the figure's pairs carry no image bytes";
      } else if (key == null || key.isEmpty()) {
        reason = BenchManifest.REASON_EMPTY_CAPTION;
        detail = "no caption";
      } else if (trainSha.contains(f.imageSha())) {
        reason = REASON_IMAGE_IN_TRAINING;
        detail = "sha256 " + f.imageSha();
      } else if (trainCaption.contains(key)) {
        reason = REASON_CAPTION_IN_TRAINING;
        detail = abbreviate(key);
      } else if (!seenSha.add(f.imageSha())) {
        reason = REASON_DUPLICATE_IMAGE;
        detail = "sha256 " + f.imageSha();
      } else if (!seenCaption.add(key)) {
        reason = REASON_DUPLICATE_CAPTION;
        detail = abbreviate(key);
      }
      if (reason != null) rejects.add(new Reject(source, f.figureId(), reason, detail));
      else kept.add(f);
    }
    return kept;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Columns of what an executor reports per kept figure: the image's name, or why it was rejected. */
  private static final StructType WRITTEN = new StructType()
      .add("figure_id", DataTypes.StringType, false)
      .add("image", DataTypes.StringType, true)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true);

  /**
   * The kept figures' images, checked and written to {@code images/<n>.<ext>} in the benchmark's
   * final place by the executors that read them from the figures table; the driver gets back
   * names and reject reasons, never image bytes. {@code n} is the figure's place among the kept
   * ones (a rejected image leaves a gap), as ids may hold characters that are not path-safe.
   */
  private static List<BenchItem> writeImages(SparkSession spark, Dataset<Row> figures, List<Figure> kept, List<Reject> rejects,
      String source, OutputFolder folder, Map<String, String> names) {
    List<Row> order = new ArrayList<>();
    for (int n = 0; n < kept.size(); n++) order.add(RowFactory.create(kept.get(n).figureId(), (long) n));
    Dataset<Row> ids = spark.createDataFrame(order, new StructType()
        .add("figure_id", DataTypes.StringType, false)
        .add("n", DataTypes.LongType, false));
    String imagesDir = folder.child("images");
    Storage storage = Storage.of(spark); // travels with its Hadoop settings
    Dataset<Row> written = figures.filter(col("image").isNotNull()).select("figure_id", "image")
        .join(broadcast(ids), "figure_id")
        .mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
          List<Row> out = new ArrayList<>();
          while (it.hasNext()) {
            Row r = it.next();
            byte[] b = (byte[]) r.get(1);
            String problem = Images.problem(b);
            if (problem != null) {
              out.add(RowFactory.create(r.getString(0), null, Images.reason(problem), problem));
              continue;
            }
            String file = r.getLong(2) + "." + Images.extension(b);
            storage.write(Storage.child(imagesDir, file), b);
            out.add(RowFactory.create(r.getString(0), "images/" + file, null, null));
          }
          return out.iterator();
        }, Encoders.row(WRITTEN));
    Map<String, Row> byId = new HashMap<>();
    for (Row r : JobStage.run(spark, "build-bench", "images: check and write " + kept.size() + " to " + imagesDir,
        () -> written.collectAsList())) {
      byId.put(r.getString(0), r);
    }
    List<BenchItem> items = new ArrayList<>();
    for (Figure f : kept) {
      Row r = byId.get(f.figureId());
      if (r == null) {
        rejects.add(new Reject(source, f.figureId(), BenchManifest.REASON_CORRUPT_IMAGE, "image bytes vanished between reads"));
      } else if (r.isNullAt(1)) {
        rejects.add(new Reject(source, f.figureId(), r.getString(2), r.getString(3)));
      } else {
        names.put(f.figureId(), r.getString(1));
        items.add(new BenchItem(f.figureId(), folder.child(r.getString(1)), null, f.caption(), f.phenotypes(), f.system()));
      }
    }
    return items;
  }

  private static void write(Path out, List<BenchItem> items, Map<String, String> imageNames, Set<String> articles,
      List<Reject> rejects, Map<String, String> labels) {
    try {
      Files.createDirectories(out);
      BenchManifest.writeJsonl(out.resolve(MANIFEST), items, items.stream().map(it -> imageNames.get(it.id())).toList());
      Files.write(out.resolve(EXCLUDED), new ArrayList<>(articles), StandardCharsets.UTF_8);
      Set<String> used = new TreeSet<>();
      for (BenchItem it : items) used.addAll(it.phenotypes());
      Map<String, String> l = new LinkedHashMap<>();
      for (String id : used) {
        String term = ExcludedPhenotype.term(id), label = labels.getOrDefault(term, term);
        l.put(id, ExcludedPhenotype.isExcluded(id) ? ExcludedPhenotype.label(label) : label);
      }
      new PhenotypeTable(l).writeJsonl(out.resolve(PhenotypeTable.FILE));
      try (var w = Files.newBufferedWriter(out.resolve(REJECTS), StandardCharsets.UTF_8)) {
        var writer = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        for (Reject r : rejects) {
          w.write(writer.writeValueAsString(r.toJson()));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark to " + out + ": " + e.getMessage(), e);
    }
  }
}
