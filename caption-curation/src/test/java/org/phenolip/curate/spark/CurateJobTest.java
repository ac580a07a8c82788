package org.phenolip.curate.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.curate.core.FigureCurator;
import org.phenolip.kg.build.KgBuild;

/** PhenoKG built from the bundled sample (real images), curated twice: a full run, then an incremental one. */
class CurateJobTest {
  static SparkSession spark;
  @TempDir static Path tmp;

  @BeforeAll static void start() { spark = SparkSessions.local("curate-test", 2); }

  @AfterAll static void stop() { spark.stop(); }

  @Test void curatesTheSampleThenOnlyWhatChanged() throws Exception {
    Path pmc = tmp.resolve("pmc");
    Files.createDirectories(pmc);
    for (String p : List.of("PMC9000001.tar.gz", "PMC9000002.tar.gz", "PMC9000007.tar.gz")) {
      Files.copy(Path.of("../data/sample/pmc-oa", p), pmc.resolve(p));
    }
    String kg = tmp.resolve("kg").toString();
    new KgBuild(spark).run(new KgBuild.Options(Path.of("../data/hpo/hp.v2024-08-13.json.gz"), List.of(pmc), kg, false, false));
    String out = tmp.resolve("curated").toString();
    var o = new CurateJob.Options(kg, out, FigureCurator.Settings.defaults(), 4, 0.05, false);
    Map<String, Object> m = CurateJob.run(spark, o);
    assertEquals(false, m.get("incremental"));
    @SuppressWarnings("unchecked") Map<String, Long> steps = (Map<String, Long>) m.get("steps_this_run");
    long figures = (long) m.get("figures_in_kg");
    assertEquals(figures, steps.get("figures_in"));
    // every subfigure is kept or rejected by a filter; compound figures give two subfigures
    long filtered = steps.entrySet().stream().filter(e -> e.getKey().startsWith("filter:")).mapToLong(Map.Entry::getValue).sum();
    assertEquals((long) steps.get("subfigures"), steps.getOrDefault("subfigures_kept", 0L) + filtered);
    assertTrue(steps.get("subfigures") > figures, steps.toString());

    var pairs = spark.read().format("delta").load(out + "/pairs");
    assertTrue(pairs.count() > 0);
    // crops are smaller than the compound figure, and the subcaption carries one panel's text only
    Row compound = pairs.filter("size(panel_labels) = 1").orderBy("pair_id").first();
    assertTrue(compound.<Integer>getAs("box_w") < 364, compound.toString());
    String cap = compound.getAs("caption");
    assertFalse(cap.contains("(A)") && cap.contains("(B)"), cap);
    // spans index the stored caption, like PhenoKG pairs
    for (Row r : pairs.select("caption", "matched_text", "span_start", "span_end").collectAsList()) {
      assertEquals(r.getString(1), r.getString(0).substring(r.getInt(2), r.getInt(3)));
    }
    assertNormalFindingsFollowTheGroundTruth(pairs);
    assertEquals(0, spark.read().format("delta").load(out + "/rejects")
        .filter("source like 'PMC9000007/%' and reason = 'no-phenotype-link'").count(), "no normal panel is dropped for lack of a phenotype");
    assertTrue(Files.exists(Path.of(out, "manifest.json")));
    long subfigures = (long) m.get("subfigures_total");

    // a rerun with nothing changed curates nothing and keeps every row
    Map<String, Object> again = CurateJob.run(spark, o);
    assertEquals(true, again.get("incremental"));
    assertEquals(0L, again.get("figures_curated_this_run"));
    assertEquals(subfigures, again.get("subfigures_total"));
    assertEquals(m.get("pairs_written"), again.get("pairs_written"));
  }

  /**
   * PMC9000007's chest X-rays: a panel whose subcaption only rules pneumonia out is kept as a
   * normal finding (NOT:HP:0002090, "no Pneumonia"), not dropped for lack of a phenotype; every
   * curated class of that article is its panel's class in the ground truth.
   */
  private static void assertNormalFindingsFollowTheGroundTruth(org.apache.spark.sql.Dataset<Row> pairs) throws Exception {
    Map<String, com.fasterxml.jackson.databind.JsonNode> truth = new java.util.HashMap<>();
    for (String line : Files.readAllLines(Path.of("../data/sample/pmc-oa/ground_truth.jsonl"))) {
      var n = org.phenolip.core.io.Json.MAPPER.readTree(line);
      truth.put(n.get("figure_id").asText(), n);
    }
    int normal = 0, pneumonia = 0;
    for (Row r : pairs.filter("article_id = 'PMC9000007'").select("figure_id", "panel_labels", "hpo_id", "hpo_label").collectAsList()) {
      var gt = truth.get(r.getString(0));
      List<String> labels = r.getList(1);
      var panel = gt.get("compound").asBoolean()
          ? java.util.stream.StreamSupport.stream(gt.get("panels").spliterator(), false)
              .filter(p -> labels.contains(p.get("panel").asText())).findFirst().orElse(null)
          : gt;
      if (panel == null) continue; // a panel the aligner could not name
      boolean isNormal = panel.get("hpo_ids").isEmpty();
      assertEquals(isNormal ? "NOT:HP:0002090" : "HP:0002090", r.getString(2), r.toString());
      assertEquals(isNormal ? "no Pneumonia" : "Pneumonia", r.getString(3));
      if (isNormal) normal++;
      else pneumonia++;
    }
    // (near-duplicate captions and 28 px panels leave 11 of the article's 30 images in pairs)
    assertTrue(normal >= 3 && pneumonia >= 3, "normal " + normal + ", pneumonia " + pneumonia);
  }
}
