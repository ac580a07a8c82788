package org.phenolip.train.stage2;

import static org.apache.spark.sql.functions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.FigurePairs;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;

/**
 * Stage-2 training examples: one per figure that has an image, with its caption and every
 * phenotype linked to it, read from PhenoKG {@code pairs}, and the figures whose captions only
 * negate phenotypes ({@code negated_pairs}: normal findings, labelled {@code NOT:HP:...}). Articles of a benchmark are
 * excluded so evaluation never sees training images.
 */
public final class FigureExamples {
  private FigureExamples() {}

  /** Curated pairs (one row per subfigure and phenotype, with its crop and subcaption). */
  static final StructType REQUIRED = new StructType()
      .add(PhenoKg.PAIR.apply("figure_id")).add(PhenoKg.PAIR.apply("article_id"))
      .add(PhenoKg.FIGURE.apply("caption")).add(PhenoKg.PAIR.apply("hpo_id"))
      .add(PhenoKg.FIGURE.apply("image")).add(PhenoKg.PAIR.apply(PhenoKg.SYSTEM));

  /** Examples sorted by figure id (a deterministic order that sharding then permutes by seed). */
  public static Dataset<Row> load(SparkSession spark, String kgDir, String kgVersion, Set<String> excludedArticles) {
    KgTables kg = KgTables.open(spark, kgDir, kgVersion);
    Dataset<Row> pairs = kg.dataset(PhenoKg.PAIRS);
    SchemaCheck.require("train stage2 (PhenoKG pairs)", pairs.schema(), LINKS);
    pairs = pairs.select("figure_id", "article_id", "linked_field", "hpo_id", PhenoKg.SYSTEM);
    if (kg.has(PhenoKg.NEGATED_PAIRS)) {
      // Normal findings: a figure whose caption only negates phenotypes ("no evidence of pneumonia")
      // is a figure–caption pair like any other; its labels are the excluded terms.
      Dataset<Row> negated = kg.dataset(PhenoKg.NEGATED_PAIRS);
      SchemaCheck.require("train stage2 (PhenoKG negated_pairs)", negated.schema(), LINKS);
      pairs = pairs.unionByName(FigurePairs.normalFindings(pairs, negated));
    }
    // Phenotypes are gathered per figure first, so the caption and image join once per figure, not once per pair.
    Dataset<Row> links = excluding(pairs, excludedArticles).groupBy("figure_id", "article_id")
        .agg(array_sort(collect_set("hpo_id")).as("hpo_ids"), first(PhenoKg.SYSTEM).as(PhenoKg.SYSTEM),
            first("linked_field").as("linked_field"));
    return FigurePairs.withCaption(links, kg.dataset(PhenoKg.FIGURES), "image")
        .filter(col("image").isNotNull())
        .select("figure_id", "article_id", "caption", "image", "hpo_ids", PhenoKg.SYSTEM)
        .orderBy("figure_id");
  }

  /** The pair columns stage 2 needs from PhenoKG (the caption and image come from its figures). */
  static final StructType LINKS = new StructType()
      .add(PhenoKg.PAIR.apply("figure_id")).add(PhenoKg.PAIR.apply("article_id")).add(PhenoKg.PAIR.apply("linked_field"))
      .add(PhenoKg.PAIR.apply("hpo_id")).add(PhenoKg.PAIR.apply(PhenoKg.SYSTEM));

  /**
   * Examples from curated pairs ({@code phenolip curate}, a Delta table): one per subfigure, with its
   * crop and refined subcaption in place of the figure and its caption.
   */
  public static Dataset<Row> loadCurated(SparkSession spark, String curatedDir, Set<String> excludedArticles) {
    Dataset<Row> curated = spark.read().format("delta").load(curatedDir + "/pairs");
    // held-out figure ids name the source figure, not its subfigures
    if (!excludedArticles.isEmpty()) curated = curated.filter(not(col("figure_id").isin(excludedArticles.toArray())));
    Dataset<Row> pairs = curated.select(col("subfigure_id").as("figure_id"), col("article_id"), col("refined_caption").as("caption"),
            col("hpo_id"), col("image"), col(PhenoKg.SYSTEM));
    SchemaCheck.require("train stage2 (curated pairs)", pairs.schema(), REQUIRED);
    return fromPairs(pairs, excludedArticles);
  }

  private static Dataset<Row> excluding(Dataset<Row> pairs, Set<String> excludedArticles) {
    if (excludedArticles.isEmpty()) return pairs;
    // The list holds article ids and the figure ids of held-out phenotypes (never alike: a figure id is article/fig).
    return pairs.filter(not(col("article_id").isin(excludedArticles.toArray()))
        .and(not(col("figure_id").isin(excludedArticles.toArray()))));
  }

  private static Dataset<Row> fromPairs(Dataset<Row> pairs, Set<String> excludedArticles) {
    return excluding(pairs.filter(col("image").isNotNull()), excludedArticles).groupBy("figure_id", "article_id")
        .agg(first("caption").as("caption"), first("image").as("image"),
            array_sort(collect_set("hpo_id")).as("hpo_ids"), first(PhenoKg.SYSTEM).as(PhenoKg.SYSTEM))
        .orderBy("figure_id");
  }

  /**
   * Article ids (and figure ids) to leave out: a text file with one article id per line, or
   * JSONL rows carrying {@code article_id} or {@code figure_id} (build-bench writes the figures
   * of held-out phenotypes so).
   */
  public static Set<String> excludedArticles(String file) {
    if (file == null) return Set.of();
    Set<String> ids = new LinkedHashSet<>();
    try {
      for (String line : Storage.forTask().readString(Storage.uri(file)).split("\\R")) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        if (t.startsWith("{")) {
          var row = Json.MAPPER.readTree(t);
          var node = row.has("figure_id") ? row.get("figure_id") : row.get("article_id");
          if (node == null) throw new IllegalArgumentException(file + ": JSONL row without article_id or figure_id: " + t);
          ids.add(node.asText());
        } else {
          ids.add(t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --exclude-bench " + file, e);
    }
    return ids;
  }
}
