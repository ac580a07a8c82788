package org.phenolip.eval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;

/**
 * Normal images as a class: a figure whose caption only rules phenotypes out (PhenoKG
 * {@code negated_pairs}) or whose ground truth says so is a benchmark row labelled
 * {@code NOT:HP:...}, prompted as "no ...", and competes with the phenotypes of its group.
 */
class NormalFindingsTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("NormalFindingsTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * {@link BuildBenchTest#writeKg} plus, in each eye article, a figure f3 whose caption rules out
   * HP:0000505 (its own image and caption), and a negated link on A10/f0, which also asserts
   * terms (so it stays a row of its asserted phenotypes).
   */
  static void writeKgWithNormals(SparkSession spark, Path kg) {
    BuildBenchTest.writeKg(spark, dir(kg, "base"));
    List<Row> figures = new ArrayList<>(), negated = new ArrayList<>();
    for (int a = 10; a < 20; a++) {
      String art = String.format("A%02d", a), fig = art + "/f3";
      figures.add(RowFactory.create(fig, art, "f3", "Figure 3", null, "No evidence of visual impairment in " + art + ".",
          List.of(), null, BenchManifestTest.png(200 + a), List.of()));
      negated.add(RowFactory.create(fig + "#NOT:HP:0000505", fig, art, "caption", "HP:0000505", "label",
          "visual impairment", 15, 32, "label", 1.0, "eye"));
    }
    negated.add(RowFactory.create("A10/f0#NOT:HP:0000505", "A10/f0", "A10", "caption", "HP:0000505", "label",
        "x", 0, 1, "label", 1.0, "eye"));
    Path base = dir(kg, "base");
    spark.read().parquet(base.resolve(PhenoKg.PAIRS).toString()).write().partitionBy(PhenoKg.SYSTEM).parquet(kg.resolve(PhenoKg.PAIRS).toString());
    spark.read().parquet(base.resolve(PhenoKg.FIGURES).toString()).union(spark.createDataFrame(figures, PhenoKg.FIGURE))
        .write().parquet(kg.resolve(PhenoKg.FIGURES).toString());
    spark.createDataFrame(negated, PhenoKg.PAIR).write().partitionBy(PhenoKg.SYSTEM).parquet(kg.resolve(PhenoKg.NEGATED_PAIRS).toString());
  }

  private static Path dir(Path kg, String name) {
    return kg.resolveSibling(kg.getFileName() + "-" + name);
  }

  @Test
  void figuresThatOnlyRuleOutAPhenotypeAreRowsOfItsNormalClass() throws Exception {
    Path kg = dir.resolve("kg"), out = dir.resolve("bench");
    writeKgWithNormals(spark, kg);
    var s = BuildBench.run(spark, kg.toString(), out, new BuildBench.Options(0.3, 0, 7));
    assertEquals(70, s.figures(), "60 figures with pairs + 10 normal findings");
    PhenotypeTable table = PhenotypeTable.readJsonl(out.resolve(PhenotypeTable.FILE));
    Loaded l = BenchManifest.readJsonl(out.resolve(BuildBench.MANIFEST), table, true);
    assertTrue(l.rejects().isEmpty());
    List<String> excluded = Files.readAllLines(out.resolve(BuildBench.EXCLUDED), StandardCharsets.UTF_8);
    Map<String, BenchItem> byId = new HashMap<>();
    l.items().forEach(it -> byId.put(it.id(), it));
    int normals = 0;
    for (int a = 10; a < 20; a++) {
      String art = String.format("A%02d", a);
      BenchItem it = byId.get(art + "/f3");
      if (!excluded.contains(art)) {
        assertNull(it, art + " is a training article: its normal figure stays in training");
        continue;
      }
      normals++;
      assertEquals(List.of("NOT:HP:0000505"), it.phenotypes());
      assertEquals("eye", it.system(), "grouped with the phenotypes it rules out");
    }
    assertTrue(normals >= 2, "the eye stratum's bench articles each give a normal row: " + normals);
    assertEquals("no label", table.label("NOT:HP:0000505"), "named after the term's label in the links");
    // A figure that asserts phenotypes keeps them, whatever else its caption rules out (A10/f0):
    // no row mixes asserted and excluded classes, and every normal row is an f3 figure.
    for (BenchItem it : l.items()) {
      boolean normal = it.phenotypes().stream().anyMatch(p -> p.startsWith("NOT:"));
      assertEquals(normal, it.id().endsWith("/f3"), it.toString());
      if (normal) assertEquals(List.of("NOT:HP:0000505"), it.phenotypes());
    }
    // Normal findings are never drawn as held-out phenotypes: they are not something a figure depicts.
    List<BuildBench.Figure> figs = List.of(new BuildBench.Figure("a/1", "a", "c", "h", List.of("NOT:HP:0000505"), "eye"),
        new BuildBench.Figure("a/2", "a", "d", "i", List.of("HP:0000479"), "eye"));
    assertEquals(List.of("HP:0000479"), BuildBench.heldOut(figs, new BuildBench.Options(0.3, 0, 7, null, List.of(), 0.9)));
  }

  @Test
  void aGroundTruthNormalClassIsTheLabelOfRecord() throws Exception {
    Path kg = dir.resolve("kg2"), out = dir.resolve("bench2");
    writeKgWithNormals(spark, kg);
    // A13/f0's caption links two phenotypes, but the ground truth says the image is normal.
    Path gt = dir.resolve("ground_truth.jsonl");
    Files.writeString(gt, "{\"figure_id\":\"A13/f0\",\"article_id\":\"A13\",\"split\":\"bench\",\"hpo_ids\":[],"
        + "\"negated_hpo_ids\":[\"HP:0000479\"],\"compound\":false}\n");
    BuildBench.run(spark, kg.toString(), out, new BuildBench.Options(0.3, 0, 7, gt.toString(), List.of(), 0));
    PhenotypeTable table = PhenotypeTable.readJsonl(out.resolve(PhenotypeTable.FILE));
    Loaded l = BenchManifest.readJsonl(out.resolve(BuildBench.MANIFEST), table, true);
    BenchItem it = l.items().stream().filter(x -> x.id().equals("A13/f0")).findFirst().orElseThrow();
    assertEquals(List.of("NOT:HP:0000479"), it.phenotypes());
    assertEquals("no label2", table.label("NOT:HP:0000479"), "named after the pairs' label of the term it rules out");
    assertEquals(List.of("NOT:HP:0000479"), GroundTruth.read(gt).byFigure().get("A13/f0").classes());
  }

  @Test
  void normalClassIdsAreValidatedAndNamedAfterTheirTerm() throws Exception {
    PhenotypeTable t = new PhenotypeTable(Map.of("HP:0002090", "Pneumonia"));
    assertTrue(t.contains("NOT:HP:0002090"));
    assertEquals("no Pneumonia", t.label("NOT:HP:0002090"));
    assertFalse(t.contains("NOT:HP:0003002"));
    assertThrows(IllegalArgumentException.class, () -> t.label("NOT:HP:0003002"));
    Path m = dir.resolve("bench.jsonl");
    Files.write(dir.resolve("x.png"), BenchManifestTest.png(1));
    Files.writeString(m, "{\"id\":\"a\",\"image\":\"x.png\",\"caption\":\"c\",\"phenotypes\":[\"NOT:HP:0002090\"],\"system\":\"respiratory\"}\n"
        + "{\"id\":\"b\",\"image\":\"x.png\",\"caption\":\"c\",\"phenotypes\":[\"NOT:HP:1\"],\"system\":\"respiratory\"}\n"
        + "{\"id\":\"c\",\"image\":\"x.png\",\"caption\":\"c\",\"phenotypes\":[\"NOT:HP:0003002\"],\"system\":\"respiratory\"}\n");
    Loaded l = BenchManifest.readJsonl(m, t, true);
    assertEquals(List.of("a"), l.items().stream().map(BenchItem::id).toList());
    assertEquals(Map.of(BenchManifest.REASON_MALFORMED_HPO, 1, BenchManifest.REASON_UNKNOWN_HPO, 1), l.rejectsByReason());
    Files.writeString(dir.resolve("p.jsonl"), "{\"id\":\"NOT:HP:0002090\",\"label\":\"normal chest radiograph\"}\n");
    assertEquals("normal chest radiograph", PhenotypeTable.readJsonl(dir.resolve("p.jsonl")).label("NOT:HP:0002090"), "a listed name wins");
  }
}
