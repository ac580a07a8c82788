package org.phenolip.kg.rdf;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.JobStage;

/**
 * Streams a PhenoKG folder (Parquet) into a Jena {@link StreamRDF}: each dataset is read
 * with Spark, checked against its core schema, trimmed to the columns RDF needs (image
 * bytes never leave the executors) and pulled to the driver one partition at a time with
 * {@code toLocalIterator()}, so the driver never holds a whole dataset.
 */
public final class KgParquet {
  private KgParquet() {}

  /** The datasets exported, in output order. {@code phenotypes} must exist; the others may be absent. */
  public static final List<String> DATASETS =
      List.of(PhenoKg.PHENOTYPES, PhenoKg.EDGES, PhenoKg.ARTICLES, PhenoKg.FIGURES, PhenoKg.PAIRS, PhenoKg.NEGATED_PAIRS);

  /** Stats entry for the vocabulary declarations written first. */
  public static final String VOCABULARY = "vocabulary";
  /** Stats entry for the phenokg:depicts shortcut triples (one per distinct figure–phenotype). */
  public static final String DEPICTS = "depicts";

  private interface RowMapper {
    int map(Row r, Consumer<Triple> out) throws KgTriples.RowRejected;
  }

  /**
   * Sends prefixes and every triple of the KG to {@code sink} (the caller calls
   * {@code start()}/{@code finish()}). {@code kgDir} is read through {@code KgTables} (its current version).
   */
  public static RdfStats emit(SparkSession spark, String kgDir, StreamRDF sink) {
    org.phenolip.core.kg.KgTables tables = org.phenolip.core.kg.KgTables.open(spark, kgDir);
    RdfStats.Builder stats = new RdfStats.Builder(
        tables.version().name().isEmpty() ? kgDir : kgDir + " (version " + tables.version().name() + ")");
    KgVocabulary.PREFIXES.forEach(sink::prefix);
    int[] n = {0};
    KgVocabulary.declarations(t -> {
      sink.triple(t);
      n[0]++;
    });
    stats.triplesOnly(VOCABULARY, n[0]);

    for (String ds : DATASETS) {
      Dataset<Row> df = open(tables, kgDir, ds);
      if (df == null) {
        stats.absent(ds);
        if (ds.equals(PhenoKg.PAIRS)) stats.absent(DEPICTS);
        continue;
      }
      JobStage.run(spark, "export-rdf", "RDF of " + ds, () -> {
        switch (ds) {
          case PhenoKg.PHENOTYPES -> stream(ds, phenotypeColumns(df), "id", KgTriples::phenotype, sink, stats);
          case PhenoKg.EDGES -> stream(ds, df.select("child", "parent", "relation"), "child", KgTriples::edge, sink, stats);
          case PhenoKg.ARTICLES -> stream(ds, df.select(names(PhenoKg.ARTICLE.fieldNames())), "article_id", KgTriples::article, sink, stats);
          case PhenoKg.FIGURES -> stream(ds, figureColumns(df), "figure_id", KgTriples::figure, sink, stats);
          case PhenoKg.PAIRS -> streamPairs(df, sink, stats);
          // one phenokg:rulesOut per distinct figure and negated term
          case PhenoKg.NEGATED_PAIRS -> stream(ds, df.select("figure_id", "hpo_id").distinct(), "figure_id", KgTriples::rulesOut, sink, stats);
          default -> throw new IllegalStateException(ds);
        }
      });
    }
    return stats.build();
  }

  /** The dataset {@code name} of the KG's version checked against its core schema, or null if it has none. */
  static Dataset<Row> open(org.phenolip.core.kg.KgTables tables, String kg, String name) {
    if (!tables.has(name)) {
      if (name.equals(PhenoKg.PHENOTYPES)) {
        throw new IllegalArgumentException(kg + " is not a PhenoKG folder: it has no " + name + "/ dataset");
      }
      return null;
    }
    return tables.table(name);
  }

  private static Dataset<Row> phenotypeColumns(Dataset<Row> df) {
    return df.select(names("id", "label", "definition", "synonyms", "xrefs", "alt_ids", "obsolete",
        "replaced_by", "depth", "systems", PhenoKg.SYSTEM));
  }

  private static Dataset<Row> figureColumns(Dataset<Row> df) {
    return df.select(col("figure_id"), col("article_id"), col("fig_id"), col("label"), col("caption_title"),
        col("caption"), col("graphics"), col("image_name"), col("image").isNotNull().as("has_image"),
        col("citing_paragraphs"));
  }

  private static Column[] names(String... names) {
    Column[] c = new Column[names.length];
    for (int i = 0; i < names.length; i++) c[i] = col(names[i]);
    return c;
  }

  private static void stream(String ds, Dataset<Row> df, String keyColumn, RowMapper mapper, StreamRDF sink,
      RdfStats.Builder stats) {
    Iterator<Row> it = df.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      try {
        stats.written(ds, mapper.map(r, sink::triple));
      } catch (KgTriples.RowRejected e) {
        stats.rejected(ds, key(r, keyColumn), e.getMessage());
      }
    }
  }

  /**
   * Links, then one phenokg:depicts per distinct (figure, phenotype) among the valid links.
   * Spark clusters the rows by figure so the driver dedups within one figure at a time.
   */
  private static void streamPairs(Dataset<Row> df, StreamRDF sink, RdfStats.Builder stats) {
    Dataset<Row> pairs = df.select("pair_id", "figure_id", "hpo_id", "matched_text", "span_start", "span_end",
            "tier", "confidence")
        .repartition(col("figure_id")).sortWithinPartitions("figure_id", "pair_id");
    Iterator<Row> it = pairs.toLocalIterator();
    String currentFigure = null;
    Set<String> depicted = new HashSet<>();
    while (it.hasNext()) {
      Row r = it.next();
      String fig = r.isNullAt(1) ? null : r.getString(1);
      if (fig == null || !fig.equals(currentFigure)) {
        currentFigure = fig;
        depicted.clear();
      }
      try {
        stats.written(PhenoKg.PAIRS, KgTriples.link(r, sink::triple));
        if (depicted.add(r.getString(2))) {
          stats.triplesOnly(DEPICTS, KgTriples.depicts(r, sink::triple));
        }
      } catch (KgTriples.RowRejected e) {
        stats.rejected(PhenoKg.PAIRS, key(r, "pair_id"), e.getMessage());
      }
    }
    stats.triplesOnly(DEPICTS, 0); // listed even when no link is valid
  }

  private static String key(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? "(null " + column + ")" : r.getString(i);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
