package org.phenolip.core.schema;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Pairs with their figure's text (and, when asked, image): the one join every consumer of
 * captions uses, since {@link PhenoKg#PAIR} rows do not copy them.
 */
public final class FigurePairs {
  private FigurePairs() {}

  /** The figure columns the join needs. */
  static final StructType FIGURE_TEXT = new StructType().add(PhenoKg.FIGURE.apply("figure_id"))
      .add(PhenoKg.FIGURE.apply("caption")).add(PhenoKg.FIGURE.apply("caption_title"));

  /**
   * The links of a KG's normal findings: the {@code negated} rows ({@link PhenoKg#NEGATED_PAIRS})
   * of figures that have no row in {@code pairs}, with {@code hpo_id} as the excluded class
   * ({@code NOT:HP:...}) and only the columns of {@code pairs}, so that the two union into one
   * set of links before a consumer groups them per figure.
   */
  public static Dataset<Row> normalFindings(Dataset<Row> pairs, Dataset<Row> negated) {
    List<Column> cols = new ArrayList<>();
    for (String c : pairs.columns()) {
      cols.add(c.equals("hpo_id") ? org.apache.spark.sql.functions.concat(
          org.apache.spark.sql.functions.lit(ExcludedPhenotype.PREFIX), col("hpo_id")).as("hpo_id") : col(c));
    }
    return negated.join(pairs.select("figure_id").distinct(), "figure_id", "left_anti").select(cols.toArray(Column[]::new));
  }

  /**
   * Every pair column, plus {@code caption}: the text its spans index into, and the figure
   * columns named in {@code figureColumns} (e.g. {@code image}).
   */
  public static Dataset<Row> withCaption(Dataset<Row> pairs, Dataset<Row> figures, String... figureColumns) {
    SchemaCheck.require("pairs", pairs.schema(), new StructType().add(PhenoKg.PAIR.apply("figure_id"))
        .add(PhenoKg.PAIR.apply("linked_field")));
    SchemaCheck.require("figures", figures.schema(), FIGURE_TEXT);
    List<Column> out = new ArrayList<>();
    for (String c : pairs.columns()) out.add(col("p." + c));
    out.add(when(col("p.linked_field").equalTo("caption_title"), col("f.caption_title")).otherwise(col("f.caption")).as("caption"));
    List<String> keep = new ArrayList<>(List.of("figure_id", "caption", "caption_title"));
    for (String c : figureColumns) {
      out.add(col("f." + c).as(c));
      keep.add(c);
    }
    Dataset<Row> f = figures.select(keep.stream().distinct().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    return pairs.as("p").join(f.as("f"), col("p.figure_id").equalTo(col("f.figure_id")), "left")
        .select(out.toArray(Column[]::new));
  }
}
