package org.phenolip.kg.ontology;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.kg.rdf.OwlWriter;

/** A hand-made OBO file whose table is known: every column and the OBO syntax corners. */
class SyntheticOntologyTest {
  static final Path FILE = Path.of("src/test/resources/ontology/synthetic.obo");
  static Ontology o;

  @BeforeAll
  static void load() {
    o = OntologyLoader.load(FILE);
  }

  @Test
  void readsOnlyHpTermsAndTheirIsA() {
    assertEquals(10, o.terms().size(), "UPHENO term and [Typedef] skipped");
    assertEquals(9, o.liveTerms().size());
    assertEquals(1, o.obsoleteCount());
    assertEquals("releases/2099-01-01", o.version());
    // 9 HP->HP is_a lines; is_a to UPHENO and relationship: are not is_a edges between HP classes
    assertEquals(9, o.edges().size());
    assertEquals(List.of("HP:0100001"), o.require("HP:0100002").parents());
  }

  @Test
  void everyColumnOfOneTerm() {
    Phenotype p = o.require("HP:0100001");
    assertEquals("Heart in thorax anomaly", p.label());
    assertEquals("A \"quoted\" heart! anomaly {not a modifier}.", p.definition());
    assertEquals(List.of(
        new Synonym("Ectopia", Synonym.Scope.BROAD),
        new Synonym("Heart anomaly in chest", Synonym.Scope.EXACT),
        new Synonym("Heart-thorax thing", Synonym.Scope.RELATED),
        new Synonym("Specific heart ectopia", Synonym.Scope.NARROW),
        new Synonym("Thoracic heart", Synonym.Scope.EXACT)), p.synonyms());
    assertEquals(List.of("MSH:D000001", "SNOMEDCT_US:12345", "UMLS:C0000001"), p.xrefs());
    assertEquals(List.of("HP:0001627", "HP:0045027"), p.parents());
    assertEquals(List.of("HP:0100009"), p.altIds());
    assertFalse(p.obsolete());
    assertNull(p.replacedBy());
    assertEquals(3, p.depth(), "shortest path: All > Phenotypic abnormality > thoracic cavity > term");
    assertEquals(List.of("cardiovascular", "thoracic_cavity"), p.systems());
    assertEquals("cardiovascular", p.system());
    assertEquals(p, o.term("HP:0100009").orElseThrow());
  }

  @Test
  void escapesCommentsAndModifiers() {
    assertEquals("Deep heart anomaly ! with escapes", o.require("HP:0100002").label());
    assertEquals(List.of("HP:0001626"), o.require("HP:0001627").parents(), "{source=...} and ! comment dropped");
    assertEquals("Any structural anomaly of the heart.", o.require("HP:0001627").definition(), "']' inside a quoted xref description");
    assertEquals(4, o.require("HP:0100002").depth());
  }

  @Test
  void obsoleteAndOther() {
    Phenotype old = o.require("HP:0100003");
    assertTrue(old.obsolete());
    assertEquals("HP:0100001", old.replacedBy());
    assertEquals(List.of("HP:0001627"), o.consider("HP:0100003"));
    assertEquals(-1, old.depth());
    assertEquals("other", old.system());
    Phenotype ad = o.require("autosomal dominant inheritance");
    assertEquals(2, ad.depth());
    assertEquals(List.of(), ad.systems());
    assertEquals("other", ad.system());
  }

  @Test
  void hierarchyQueries() {
    assertEquals(List.of("HP:0000001", "HP:0000118", "HP:0001626", "HP:0045027", "HP:0001627", "HP:0100001"),
        OntologyTest.ids(o.ancestors("HP:0100002")), "by depth, then id");
    assertEquals(List.of("HP:0001627", "HP:0100001", "HP:0100002"), OntologyTest.ids(o.descendants("HP:0001626")));
    assertEquals(List.of("HP:0000005", "HP:0000118"), OntologyTest.ids(o.children("All")));
    assertTrue(o.isA("HP:0100002", "HP:0045027"));
    assertFalse(o.isA("HP:0045027", "HP:0100002"));
    assertEquals(3, o.systemCounts().get(org.phenolip.core.schema.AnatomicalSystem.THORACIC_CAVITY),
        "itself, HP:0100001, HP:0100002");
    assertEquals(4, o.systemCounts().get(org.phenolip.core.schema.AnatomicalSystem.CARDIOVASCULAR));
    assertEquals(0, o.systemCounts().get(org.phenolip.core.schema.AnatomicalSystem.EYE));
  }

  @Test
  void windowsLineEndsReadTheSame(@TempDir Path tmp) throws java.io.IOException {
    Path crlf = tmp.resolve("crlf.obo");
    java.nio.file.Files.writeString(crlf, java.nio.file.Files.readString(FILE).replace("\n", "\r\n"));
    assertEquals(List.copyOf(o.terms()), List.copyOf(OntologyLoader.load(crlf).terms()));
  }

  @Test
  void roundTripsThroughOboAndOwl(@TempDir Path tmp) {
    Path obo = tmp.resolve("s.obo");
    Path owl = tmp.resolve("s.owl.gz");
    OboWriter.write(o, obo);
    OwlWriter.write(o, owl);
    for (Path p : List.of(obo, owl)) {
      Ontology back = OntologyLoader.load(p);
      assertEquals(List.copyOf(o.terms()), List.copyOf(back.terms()), p.toString());
      assertEquals(o.edges(), back.edges());
      assertEquals(o.consider("HP:0100003"), back.consider("HP:0100003"));
      assertEquals(o.version(), back.version());
    }
  }
}
