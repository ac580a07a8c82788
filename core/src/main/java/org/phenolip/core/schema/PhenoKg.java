package org.phenolip.core.schema;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The PhenoKG datasets and their Parquet schemas: the contract between kg-etl (writer),
 * caption-curation, training-job and evaluation-job (readers). Stages validate their input
 * against these with {@link SchemaCheck} before they run.
 */
public final class PhenoKg {
  private PhenoKg() {}

  public static final String PHENOTYPES = "phenotypes";
  public static final String EDGES = "edges";
  public static final String ARTICLES = "articles";
  public static final String FIGURES = "figures";
  public static final String PAIRS = "pairs";
  /**
   * Links a caption negates ("no evidence of pneumonia"): the {@link #PAIR} schema, kept apart so
   * that no reader of {@link #PAIRS} takes an excluded phenotype for a depicted one (HPO
   * annotations' NOT qualifier, Phenopackets' {@code excluded}). A figure with only these is a
   * normal finding for its phenotypes ({@link ExcludedPhenotype}).
   */
  public static final String NEGATED_PAIRS = "negated_pairs";
  public static final String REJECTS = "rejects";
  public static final String MANIFEST = "manifest.json";

  /** Partition column of phenotypes and pairs: {@link AnatomicalSystem#key()}. */
  public static final String SYSTEM = "system";

  public static final StructType SYNONYM = new StructType()
      .add("text", StringType, false)
      .add("scope", StringType, false); // exact | related | broad | narrow

  /**
   * One row per HPO class. {@code systems} lists every top-level category the term falls
   * under; {@code system} (partition key) is the first of them in {@link AnatomicalSystem}
   * order, or {@code other}.
   */
  public static final StructType PHENOTYPE = new StructType()
      .add("id", StringType, false)
      .add("label", StringType, true)
      .add("definition", StringType, true)
      .add("synonyms", createArrayType(SYNONYM, false), false)
      .add("xrefs", createArrayType(StringType, false), false)
      .add("parents", createArrayType(StringType, false), false)
      .add("alt_ids", createArrayType(StringType, false), false)
      .add("obsolete", BooleanType, false)
      .add("replaced_by", StringType, true)
      .add("depth", IntegerType, false)
      .add("systems", createArrayType(StringType, false), false)
      .add(SYSTEM, StringType, false);

  public static final StructType EDGE = new StructType()
      .add("child", StringType, false)
      .add("parent", StringType, false)
      .add("relation", StringType, false);

  public static final StructType ARTICLE = new StructType()
      .add("article_id", StringType, false) // PMCxxxx, else doi:..., else the file name
      .add("pmcid", StringType, true)
      .add("pmid", StringType, true)
      .add("doi", StringType, true)
      .add("title", StringType, true)
      .add("journal", StringType, true)
      .add("year", IntegerType, true)
      .add("license", StringType, true)
      .add("subjects", createArrayType(StringType, false), false)
      .add("source", StringType, false)
      .add("version", IntegerType, true) // PMC article version, from the Cloud Service metadata JSON
      .add("is_retracted", BooleanType, true); // from the same JSON; null for other layouts

  public static final StructType FIGURE = new StructType()
      .add("figure_id", StringType, false) // article_id + "/" + fig id
      .add("article_id", StringType, false)
      .add("fig_id", StringType, true)
      .add("label", StringType, true)
      .add("caption_title", StringType, true)
      .add("caption", StringType, true)
      .add("graphics", createArrayType(StringType, false), false)
      .add("image_name", StringType, true)
      .add("image", BinaryType, true)
      .add("citing_paragraphs", createArrayType(StringType, false), false);

  /**
   * One row per figure–phenotype link. The caption and image stay in {@link #FIGURE}, stored once
   * per figure however many phenotypes it links: {@code linked_field} names the figure column the
   * spans index into ({@code caption}, or {@code caption_title} for a figure with no caption), and
   * {@link FigurePairs} joins them back where a consumer needs them.
   */
  public static final StructType PAIR = new StructType()
      .add("pair_id", StringType, false)
      .add("figure_id", StringType, false)
      .add("article_id", StringType, false)
      .add("linked_field", StringType, false)
      .add("hpo_id", StringType, false)
      .add("hpo_label", StringType, true)
      .add("matched_text", StringType, false)
      .add("span_start", IntegerType, false)
      .add("span_end", IntegerType, false)
      .add("tier", StringType, false) // label | exact | related | abbreviation
      .add("confidence", DoubleType, false)
      .add(SYSTEM, StringType, false);

  public static final StructType REJECT = new StructType()
      .add("source", StringType, false)
      .add("stage", StringType, false)
      .add("reason", StringType, false)
      .add("detail", StringType, true);

  public static StructType schemaOf(String dataset) {
    return switch (dataset) {
      case PHENOTYPES -> PHENOTYPE;
      case EDGES -> EDGE;
      case ARTICLES -> ARTICLE;
      case FIGURES -> FIGURE;
      case PAIRS, NEGATED_PAIRS -> PAIR;
      case REJECTS -> REJECT;
      default -> throw new IllegalArgumentException("unknown PhenoKG dataset: " + dataset);
    };
  }
}
