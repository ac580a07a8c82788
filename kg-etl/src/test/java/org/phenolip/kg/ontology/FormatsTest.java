package org.phenolip.kg.ontology;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.kg.build.KgRows;
import org.phenolip.kg.rdf.OwlWriter;

/** Real files in every format: the OBO 1.2 release, and JSON → OBO/OWL → read equivalence. */
class FormatsTest {
  static final Path SMALL = Path.of("../data/hpo/hp.small.json.gz");
  static final Path OBO_2017 = Path.of("../data/hpo/hp.v2017-04-13.obo.gz");

  @Test
  void obo12Release2017() {
    Ontology o = OntologyLoader.load(OBO_2017);
    assertEquals(12_358, o.terms().size());
    assertEquals(132, o.obsoleteCount());
    assertEquals(16_044, o.edges().size(), "every is_a line of the file is HP to HP");
    assertEquals("releases/2017-04-13", o.version());
    Phenotype p = o.require("HP:0000003");
    assertEquals("Multicystic kidney dysplasia", p.label());
    assertEquals(List.of("HP:0004715"), p.altIds());
    assertTrue(p.definition().startsWith("Multicystic dysplasia of the kidney is characterized"));
    assertEquals(List.of(new Synonym("Multicystic dysplastic kidney", Synonym.Scope.EXACT),
        new Synonym("Multicystic kidneys", Synonym.Scope.EXACT),
        new Synonym("Multicystic renal dysplasia", Synonym.Scope.EXACT)), p.synonyms());
    assertEquals(List.of("MSH:D021782", "SNOMEDCT_US:204962002", "SNOMEDCT_US:82525005", "UMLS:C3714581"), p.xrefs());
    assertEquals(List.of("HP:0000107"), p.parents());
    assertEquals(p, o.term("HP:0004715").orElseThrow());
    Phenotype pectus = o.require("Pectus excavatum");
    assertTrue(pectus.definition().contains("(\"pectus\")"), "escaped quotes undone");
    assertTrue(o.liveTerms().stream().allMatch(t -> t.depth() >= 0));
  }

  @Test
  void smallJsonRoundTripsThroughOboAndOwl(@TempDir Path tmp) {
    Ontology json = OntologyLoader.load(SMALL);
    assertEquals(607, json.terms().size());
    assertEquals(780, json.edges().size());
    Path obo = tmp.resolve("small.obo");
    Path owl = tmp.resolve("small.owl");
    OboWriter.write(json, obo);
    OwlWriter.write(json, owl);
    List<Row> expected = rows(json);
    for (Path p : List.of(obo, owl)) {
      Ontology back = OntologyLoader.load(p);
      assertEquals(expected, rows(back), "phenotypes table from " + p.getFileName());
      assertEquals(json.edges(), back.edges(), "edges table from " + p.getFileName());
    }
  }

  @Test
  void formatDetectedFromContentWhenTheNameSaysNothing(@TempDir Path tmp) throws Exception {
    Ontology o = OntologyLoader.load(SyntheticOntologyTest.FILE);
    Path noExt = tmp.resolve("hpo-download");
    OboWriter.write(o, noExt);
    assertEquals(List.copyOf(o.terms()), List.copyOf(OntologyLoader.load(noExt).terms()));
    Path owlNoExt = tmp.resolve("hpo-owl-download");
    OwlWriter.write(o, owlNoExt);
    assertEquals(List.copyOf(o.terms()), List.copyOf(OntologyLoader.load(owlNoExt).terms()));
  }

  static List<Row> rows(Ontology o) {
    return o.terms().stream().map(KgRows::phenotype).toList();
  }
}
