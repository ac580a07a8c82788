package org.phenolip.curate.spark;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructType;
import org.phenolip.core.schema.PhenoKg;

/** The curated tables (Delta) under {@code curate --out DIR}. */
public final class CuratedSchema {
  private CuratedSchema() {}

  public static final String SUBFIGURES = "subfigures";
  public static final String PAIRS = "pairs";
  public static final String REJECTS = "rejects";
  public static final String STATE = "state";
  /** LLM answers by sha256(model, prompt version, input): key, model, prompt_version, status, answer, reason, detail, created_at. */
  public static final String LLM_CACHE = "llm_cache";
  public static final String MANIFEST = "manifest.json";

  public static final StructType LINK = new StructType()
      .add("hpo_id", StringType, false).add("hpo_label", StringType, true).add("matched_text", StringType, false)
      .add("span_start", IntegerType, false).add("span_end", IntegerType, false).add("tier", StringType, false)
      .add("confidence", DoubleType, false).add(PhenoKg.SYSTEM, StringType, false);

  /** One row per kept subfigure (duplicates included, marked in {@code duplicate_of}). */
  public static final StructType SUBFIGURE = new StructType()
      .add("subfigure_id", StringType, false).add("figure_id", StringType, false).add("article_id", StringType, false)
      .add("panel_index", IntegerType, false).add("panel_labels", createArrayType(StringType, false), false)
      .add("box_x", IntegerType, false).add("box_y", IntegerType, false).add("box_w", IntegerType, false)
      .add("box_h", IntegerType, false).add("alignment", StringType, false).add("alignment_reason", StringType, true)
      .add("subcaption", StringType, true).add("subcaption_full", StringType, true)
      .add("refined_caption", StringType, true).add("refine_method", StringType, false)
      .add("domain", StringType, false).add("modality", StringType, false).add("domain_cue", StringType, true)
      .add("domain_source", StringType, false).add("domain_prob", DoubleType, true)
      .add("image_hash", LongType, false).add("image", BinaryType, true)
      .add("links", createArrayType(LINK, false), false);

  public static final StructType STATE_ROW = new StructType()
      .add("figure_id", StringType, false).add("fingerprint", StringType, false);
}
