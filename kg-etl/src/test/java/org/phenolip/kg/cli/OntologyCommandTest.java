package org.phenolip.kg.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;
import org.phenolip.kg.ontology.OntologyLoader;
import picocli.CommandLine;

class OntologyCommandTest {
  static final String SYNTH = "src/test/resources/ontology/synthetic.obo";

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new OntologyCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void ancestorsByIdAsText() {
    Run r = run("--hpo", SYNTH, "--ancestors", "HP:0100002");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("HP:0000001\tAll", "HP:0000118\tPhenotypic abnormality",
        "HP:0001626\tAbnormality of the cardiovascular system", "HP:0045027\tAbnormality of the thoracic cavity",
        "HP:0001627\tAbnormal heart morphology", "HP:0100001\tHeart in thorax anomaly"), r.out().lines().toList());
  }

  @Test
  void childrenParentsDescendantsByLabelAsJson() throws Exception {
    Run r = run("--hpo", SYNTH, "--children", "all", "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode a = Json.MAPPER.readTree(r.out());
    assertEquals(2, a.size());
    assertEquals("HP:0000005", a.get(0).get("id").asText());
    assertEquals(2, Json.MAPPER.readTree(run("--hpo", SYNTH, "--parents", "Heart in thorax anomaly", "--format", "json").out()).size());
    assertEquals(3, run("--hpo", SYNTH, "--descendants", "HP:0001626").out().lines().count());
  }

  @Test
  void termAndStats() throws Exception {
    Run t = run("--hpo", SYNTH, "--term", "HP:0100009");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("id: HP:0100001\n"), t.out());
    assertTrue(t.out().contains("systems: [cardiovascular, thoracic_cavity]"), t.out());
    JsonNode s = Json.MAPPER.readTree(run("--hpo", SYNTH, "--stats", "--format", "json").out());
    assertEquals(10, s.get("classes").asInt());
    assertEquals(9, s.get("live").asInt());
    assertEquals(1, s.get("obsolete").asInt());
    assertEquals(9, s.get("is_a_edges").asInt());
    assertEquals(3, s.get("live_terms_per_system").get("thoracic_cavity").asInt());
  }

  @Test
  void unknownTermExitsTwoWithSuggestion() {
    Run r = run("--hpo", SYNTH, "--ancestors", "HP:0100004");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: synthetic.obo: no HPO term HP:0100004 (did you mean HP:0100001"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void badFileExitsTwoAndUsageErrorsAreRejected() {
    Run r = run("--hpo", "../data/hpo/does-not-exist.json", "--stats");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no such file"), r.err());
    assertNotEquals(0, run("--hpo", SYNTH).code(), "one query option is required");
    assertNotEquals(0, run("--hpo", SYNTH, "--stats", "--term", "HP:0000001").code(), "query options exclude each other");
  }

  @Test
  void convertWritesAReadableOntology(@TempDir Path tmp) {
    Path owl = tmp.resolve("s.owl");
    assertEquals(0, run("--hpo", SYNTH, "--convert", owl.toString()).code());
    assertEquals(10, OntologyLoader.load(owl).terms().size());
  }

  @Test
  void realReleaseAncestors() {
    Run r = run("--hpo", "../data/hpo/hp.v2024-08-13.json.gz", "--ancestors", "HP:0002266");
    assertEquals(0, r.code(), r.err());
    assertEquals(9, r.out().lines().count());
    assertTrue(r.out().startsWith("HP:0000001\tAll\nHP:0000118\tPhenotypic abnormality\n"), r.out());
  }
}
