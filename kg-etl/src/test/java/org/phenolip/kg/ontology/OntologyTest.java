package org.phenolip.kg.ontology;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.schema.AnatomicalSystem;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.kg.build.KgRows;

/** The full 2024-08-13 release (obographs JSON), figures checked by hand in the file. */
class OntologyTest {
  static final Path RELEASE = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
  static Ontology hpo;

  @BeforeAll
  static void load() {
    hpo = OntologyLoader.load(RELEASE);
  }

  @Test
  void countsMatchTheRelease() {
    assertEquals(19_434, hpo.terms().size());
    assertEquals(18_988, hpo.liveTerms().size());
    assertEquals(446, hpo.obsoleteCount());
    assertEquals(23_409, hpo.edges().size());
    assertEquals("http://purl.obolibrary.org/obo/hp/releases/2024-08-13/hp.json", hpo.version());
  }

  @Test
  void perSystemCountsMatchSourcesTable() {
    Map<String, Integer> expected = Map.ofEntries(
        Map.entry("HP:0000119", 1673), Map.entry("HP:0000152", 1454), Map.entry("HP:0000478", 1173),
        Map.entry("HP:0000598", 308), Map.entry("HP:0000707", 2763), Map.entry("HP:0000769", 54),
        Map.entry("HP:0000818", 473), Map.entry("HP:0001197", 244), Map.entry("HP:0001507", 103),
        Map.entry("HP:0001574", 1070), Map.entry("HP:0001608", 28), Map.entry("HP:0001626", 1460),
        Map.entry("HP:0001871", 902), Map.entry("HP:0001939", 2444), Map.entry("HP:0002086", 645),
        Map.entry("HP:0002664", 709), Map.entry("HP:0002715", 1347), Map.entry("HP:0025031", 848),
        Map.entry("HP:0025142", 125), Map.entry("HP:0025354", 306), Map.entry("HP:0033127", 4588),
        Map.entry("HP:0040064", 2927), Map.entry("HP:0045027", 7));
    Map<AnatomicalSystem, Integer> counts = hpo.systemCounts();
    assertEquals(23, counts.size());
    for (var e : counts.entrySet()) {
      assertEquals(expected.get(e.getKey().hpoId()), e.getValue(), e.getKey().key());
    }
    assertEquals(18_354, hpo.descendantIds(AnatomicalSystem.PHENOTYPIC_ABNORMALITY).size());
    // Partition keys cover every live term exactly once.
    assertEquals(18_988, hpo.partitionCounts().values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void focalClonicSeizureByHand() {
    Phenotype t = hpo.require("HP:0002266");
    assertEquals("Focal clonic seizure", t.label());
    assertEquals(List.of("HP:0011153", "HP:0020221"), ids(hpo.parents("HP:0002266")));
    assertEquals(List.of("HP:0006813", "HP:0007332", "HP:0032711", "HP:0032725"), ids(hpo.children("HP:0002266")));
    assertEquals(List.of("HP:0000001", "HP:0000118", "HP:0000707", "HP:0001250", "HP:0007359",
        "HP:0011153", "HP:0012638", "HP:0020219", "HP:0020221"), hpo.ancestorIds("HP:0002266").stream().sorted().toList());
    assertEquals("HP:0000001", hpo.ancestors("HP:0002266").get(0).id(), "root first");
    assertEquals(7, t.depth());
    assertEquals(List.of("nervous"), t.systems());
    assertEquals("nervous", t.system());
    assertTrue(t.synonyms().contains(new Synonym("Localized clonic seizure", Synonym.Scope.EXACT)));
    assertEquals(List.of("UMLS:C0752323"), t.xrefs());
    assertTrue(t.definition().startsWith("A focal clonic seizure is a type of focal motor seizure"));
  }

  @Test
  void atrialSeptalDefectByHandAndByLabelAndAltId() {
    Phenotype asd = hpo.require("atrial SEPTAL defect");
    assertEquals("HP:0001631", asd.id());
    assertEquals(asd, hpo.term("HP:0001630").orElseThrow(), "alt id resolves to the primary term");
    assertEquals(asd, hpo.term("http://purl.obolibrary.org/obo/HP_0001631").orElseThrow());
    assertEquals(List.of("HP:0001630"), asd.altIds());
    assertEquals(List.of("HP:0005120", "HP:0011994"), asd.parents());
    assertEquals(List.of("HP:0001655", "HP:0001684", "HP:0010445", "HP:0011567", "HP:0031017", "HP:0031297"),
        ids(hpo.children("Atrial septal defect")));
    assertEquals(8, hpo.ancestorIds("HP:0001631").size());
    assertEquals(6, asd.depth());
    assertEquals(List.of("Fyler:2050", "ICD-10:Q21.1", "SNOMEDCT_US:253366007", "SNOMEDCT_US:405752007",
        "SNOMEDCT_US:70142008", "UMLS:C0018817"), asd.xrefs());
    assertEquals(7, asd.synonyms().size());
    assertEquals(List.of(AnatomicalSystem.CARDIOVASCULAR), hpo.systemsOf("HP:0001631"));
    assertTrue(hpo.descendants("HP:0001631").stream().anyMatch(p -> p.id().equals("HP:0001684")));
  }

  @Test
  void termUnderTwoSystems() {
    Phenotype hernia = hpo.require("HP:0000023");
    assertEquals("Inguinal hernia", hernia.label());
    assertEquals(List.of("digestive", "musculoskeletal"), hernia.systems());
    assertEquals("digestive", hernia.system(), "first in AnatomicalSystem declaration order");
    assertTrue(hpo.isA("HP:0000023", "HP:0025031"));
    assertTrue(hpo.isA("HP:0000023", "HP:0033127"));
  }

  @Test
  void obsoleteTermsAndRoots() {
    Phenotype old = hpo.require("HP:0000057");
    assertTrue(old.obsolete());
    assertEquals("HP:0008665", old.replacedBy());
    assertEquals(-1, old.depth());
    assertEquals("other", old.system());
    assertEquals(0, hpo.require(Ontology.ROOT).depth());
    assertEquals(1, hpo.require("HP:0000118").depth());
    assertEquals("other", hpo.require("HP:0000118").system());
    assertEquals(List.of("HP:0000005", "HP:0000118", "HP:0012823", "HP:0020228", "HP:0032223",
        "HP:0032443", "HP:0040279"), ids(hpo.children("All")));
    assertTrue(hpo.liveTerms().stream().allMatch(p -> p.depth() >= 0), "every live term reaches the root");
  }

  @Test
  void unknownTermSuggestsCloseOnes() {
    OntologyException e = assertThrows(OntologyException.class, () -> hpo.require("HP:0002267x"));
    assertTrue(e.getMessage().contains("no HPO term HP:0002267x"), e.getMessage());
    e = assertThrows(OntologyException.class, () -> hpo.require("Atrial septal defekt"));
    assertTrue(e.getMessage().contains("did you mean HP:0001631 Atrial septal defect"), e.getMessage());
  }

  @Test
  void rowsFollowTheSchema() {
    Row r = KgRows.phenotype(hpo.require("HP:0001631"));
    assertEquals(PhenoKg.PHENOTYPE.size(), r.length());
    assertEquals("HP:0001631", r.getString(PhenoKg.PHENOTYPE.fieldIndex("id")));
    assertEquals(List.of("HP:0005120", "HP:0011994"), r.getList(PhenoKg.PHENOTYPE.fieldIndex("parents")));
    assertEquals("cardiovascular", r.getString(PhenoKg.PHENOTYPE.fieldIndex("system")));
    assertEquals(6, r.getInt(PhenoKg.PHENOTYPE.fieldIndex("depth")));
    Row syn = (Row) r.getList(PhenoKg.PHENOTYPE.fieldIndex("synonyms")).get(0);
    assertEquals("exact", syn.getString(1));
    Row edge = KgRows.edge(hpo.edges().get(0));
    assertEquals(PhenoKg.EDGE.size(), edge.length());
    assertEquals("is_a", edge.getString(2));
  }

  @Test
  void fullReleaseRoundTripsThroughObo(@TempDir Path tmp) {
    Path obo = tmp.resolve("hp.obo");
    OboWriter.write(hpo, obo);
    Ontology back = OntologyLoader.load(obo);
    assertEquals(List.copyOf(hpo.terms()), List.copyOf(back.terms()));
    assertEquals(hpo.edges(), back.edges());
    assertEquals(hpo.consider("HP:0000057"), back.consider("HP:0000057"));
  }

  static List<String> ids(List<Phenotype> ps) {
    return ps.stream().map(Phenotype::id).toList();
  }
}
