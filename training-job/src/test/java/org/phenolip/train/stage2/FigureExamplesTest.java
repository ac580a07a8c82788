package org.phenolip.train.stage2;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;

/** Stage-2 examples: figures with pairs, and normal findings (figures whose captions only rule phenotypes out). */
class FigureExamplesTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("FigureExamplesTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Row figure(String id, String caption) {
    return RowFactory.create(id, id.substring(0, 2), "f", "Figure", null, caption, List.of(), null, new byte[] {1, 2}, List.of());
  }

  private static Row link(String figure, String hpo, String system) {
    return RowFactory.create(figure + "#" + hpo, figure, figure.substring(0, 2), "caption", hpo, "label", "x", 0, 1, "label", 1.0, system);
  }

  private void writeKg(Path kg, boolean withNegated) {
    spark.createDataFrame(List.of(figure("A1/pneumonia", "Pneumonia."), figure("A1/normal", "No evidence of pneumonia."),
            figure("A1/both", "Pneumonia, no effusion."), figure("A2/normal", "No pneumonia."), figure("A2/none", "A chart.")),
        PhenoKg.FIGURE).write().parquet(kg.resolve(PhenoKg.FIGURES).toString());
    spark.createDataFrame(List.of(link("A1/pneumonia", "HP:0002090", "respiratory"), link("A1/both", "HP:0002090", "respiratory")),
        PhenoKg.PAIR).write().partitionBy(PhenoKg.SYSTEM).parquet(kg.resolve(PhenoKg.PAIRS).toString());
    if (withNegated) {
      spark.createDataFrame(List.of(link("A1/normal", "HP:0002090", "respiratory"), link("A1/both", "HP:0002202", "respiratory"),
              link("A2/normal", "HP:0002090", "respiratory")),
          PhenoKg.PAIR).write().partitionBy(PhenoKg.SYSTEM).parquet(kg.resolve(PhenoKg.NEGATED_PAIRS).toString());
    }
  }

  private static Map<String, List<String>> labels(org.apache.spark.sql.Dataset<Row> examples) {
    Map<String, List<String>> m = new TreeMap<>();
    for (Row r : examples.collectAsList()) m.put(r.getAs("figure_id"), r.getList(r.fieldIndex("hpo_ids")));
    return m;
  }

  @Test
  void normalFindingsAreExamplesLabelledByTheTermsTheyRuleOut() {
    Path kg = dir.resolve("kg");
    writeKg(kg, true);
    assertEquals(Map.of("A1/pneumonia", List.of("HP:0002090"), "A1/normal", List.of("NOT:HP:0002090"),
            "A1/both", List.of("HP:0002090"), "A2/normal", List.of("NOT:HP:0002090")),
        labels(FigureExamples.load(spark, kg.toString(), null, Set.of())),
        "a figure that asserts a phenotype keeps it; a figure with no link at all is no example");
    assertEquals(Set.of("A1/pneumonia", "A1/both"),
        labels(FigureExamples.load(spark, kg.toString(), null, Set.of("A2", "A1/normal"))).keySet(),
        "benchmark articles and held-out figures leave training, normal ones too");
  }

  @Test
  void aKgBuiltBeforeNegatedPairsStillTrains() {
    Path kg = dir.resolve("old");
    writeKg(kg, false);
    assertEquals(Set.of("A1/pneumonia", "A1/both"), labels(FigureExamples.load(spark, kg.toString(), null, Set.of())).keySet());
  }
}
