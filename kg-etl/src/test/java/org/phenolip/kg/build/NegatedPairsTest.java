package org.phenolip.kg.build;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.schema.FigurePairs;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.SparkSessions;

/**
 * Negated links on the bundled sample, against its ground truth: the terms a caption rules out
 * ("no evidence of pneumonia") go to {@code negated_pairs}, never to {@code pairs}, so the normal
 * images of the chest X-ray and breast ultrasound series stay in the KG as normal findings.
 */
class NegatedPairsTest {
  static SparkSession spark;
  static final Path HPO = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
  static final Path SAMPLE = Path.of("../data/sample/pmc-oa");

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("negated-pairs-test", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void captionsThatRuleOutAPhenotypeGiveNegatedPairsAsTheGroundTruthSays() throws Exception {
    String out = tmp.resolve("kg").toString();
    var r = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(SAMPLE), out, false, false));
    KgTables kg = KgTables.open(spark, out);
    var negated = kg.table(PhenoKg.NEGATED_PAIRS);
    SchemaCheck.require(PhenoKg.NEGATED_PAIRS, negated.schema(), PhenoKg.PAIR);
    assertEquals(r.manifest().datasets().get(PhenoKg.NEGATED_PAIRS).rows(), negated.count());
    assertEquals(negated.count(), r.manifest().reconciliation().get("negated_pairs_written"));

    Map<String, Set<String>> asserted = idsByFigure(kg.table(PhenoKg.PAIRS).collectAsList());
    Map<String, Set<String>> ruledOut = idsByFigure(negated.collectAsList());
    Map<String, Set<String>> truthAsserted = new TreeMap<>(), truthRuledOut = new TreeMap<>();
    int normals = 0;
    for (String line : Files.readAllLines(SAMPLE.resolve("ground_truth.jsonl"))) {
      JsonNode n = Json.MAPPER.readTree(line);
      String id = n.get("figure_id").asText();
      truthAsserted.put(id, texts(n.get("hpo_ids")));
      // the figure-level list leaves out a term another panel asserts; the caption still rules it out for its panel
      Set<String> ruled = new TreeSet<>(texts(n.get("negated_hpo_ids")));
      n.get("panels").forEach(p -> ruled.addAll(texts(p.get("negated_hpo_ids"))));
      truthRuledOut.put(id, ruled);
      if (n.get("hpo_ids").isEmpty() && !n.get("negated_hpo_ids").isEmpty()) normals++;
    }
    assertEquals(34, normals, "the sample's single-panel normal chest X-rays and breast ultrasounds");
    for (String id : truthAsserted.keySet()) {
      assertEquals(truthRuledOut.get(id), ruledOut.getOrDefault(id, Set.of()), id + ": the terms its caption rules out");
      // pairs hold the class terms and may hold more findings the caption names ("erythema")
      Set<String> linked = asserted.getOrDefault(id, Set.of());
      assertTrue(linked.containsAll(truthAsserted.get(id)), id + ": asserts " + truthAsserted.get(id) + ", linked " + linked);
      Set<String> onlyRuledOut = new TreeSet<>(truthRuledOut.get(id));
      onlyRuledOut.removeAll(truthAsserted.get(id));
      onlyRuledOut.retainAll(linked);
      assertEquals(Set.of(), onlyRuledOut, id + ": a ruled-out term is never a pair");
    }
    // Every negated pair points at its figure's caption, as a pair does.
    for (Row p : FigurePairs.withCaption(negated, kg.table(PhenoKg.FIGURES)).collectAsList()) {
      String caption = p.getAs("caption");
      assertEquals(p.<String>getAs("matched_text"), caption.substring(p.<Integer>getAs("span_start"), p.<Integer>getAs("span_end")));
      assertTrue(p.<String>getAs("pair_id").contains("#NOT:HP:"), p.<String>getAs("pair_id"));
    }
    assertTrue(Files.isDirectory(Path.of(out, PhenoKg.NEGATED_PAIRS, "system=respiratory")), "partitioned by system like pairs");

    // A KG built before negated_pairs existed (its commit does not name the table): the next build,
    // same inputs, rebuilds every table instead of calling it up to date or reusing its rows.
    Path commit = Path.of(org.phenolip.core.kg.KgCommitLog.file(out, 0));
    var old = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(Files.readString(commit));
    ((com.fasterxml.jackson.databind.node.ObjectNode) old.get(org.phenolip.core.kg.KgCommitLog.TABLE_VERSIONS)).remove(PhenoKg.NEGATED_PAIRS);
    ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("datasets")).remove(PhenoKg.NEGATED_PAIRS);
    Files.writeString(commit, Json.MAPPER.writeValueAsString(old));
    Files.writeString(Path.of(out, PhenoKg.MANIFEST), Json.MAPPER.writeValueAsString(old));
    // (the folder stays, as a killed build's would: a core table its commit does not name is not read)
    assertFalse(KgTables.open(spark, out).has(PhenoKg.NEGATED_PAIRS), "the old KG has no negated_pairs");
    var again = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(SAMPLE), out, false, false));
    assertFalse(again.upToDate());
    assertEquals(1, again.kgVersion());
    assertEquals(0, again.manifest().reconciliation().get("sources_reused"));
    KgTables rebuilt = KgTables.open(spark, out);
    assertEquals(negated.count(), rebuilt.table(PhenoKg.NEGATED_PAIRS).count());
    assertEquals(asserted, idsByFigure(rebuilt.table(PhenoKg.PAIRS).collectAsList()), "every source's pairs, none lost");
  }

  private static Map<String, Set<String>> idsByFigure(List<Row> rows) {
    Map<String, Set<String>> m = new TreeMap<>();
    for (Row r : rows) m.computeIfAbsent(r.getAs("figure_id"), k -> new TreeSet<>()).add(r.getAs("hpo_id"));
    return m;
  }

  private static Set<String> texts(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(x -> l.add(x.asText()));
    return new TreeSet<>(l);
  }
}
