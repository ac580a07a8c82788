package org.phenolip.kg.rdf;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.phenolip.core.schema.PhenoKg;

/** Row → triples without Spark: rows carry the core schemas. */
class KgTriplesTest {

  private static final StructType LINK_COLUMNS = new StructType()
      .add("pair_id", DataTypes.StringType).add("figure_id", DataTypes.StringType).add("hpo_id", DataTypes.StringType)
      .add("matched_text", DataTypes.StringType).add("span_start", DataTypes.IntegerType)
      .add("span_end", DataTypes.IntegerType).add("tier", DataTypes.StringType).add("confidence", DataTypes.DoubleType);

  private static Row row(StructType schema, Object... values) {
    return new GenericRowWithSchema(values, schema);
  }

  private static Row phenotype(Object... values) {
    return row(PhenoKg.PHENOTYPE, values);
  }

  private static Row syn(String text, String scope) {
    return row(PhenoKg.SYNONYM, text, scope);
  }

  private static boolean has(List<Triple> t, Node s, Node p, Node o) {
    return t.contains(Triple.create(s, p, o));
  }

  @Test
  void phenotypeKeepsHpoAnnotationProperties() throws Exception {
    List<Triple> t = new ArrayList<>();
    int n = KgTriples.phenotype(phenotype("HP:0001631", "Atrial septal defect", "An opening in the atrial septum.",
        List.of(syn("ASD", "exact"), syn("Hole in heart", "related"), syn("Septal defect", "broad"), syn("Ostium secundum", "NARROW")),
        List.of("ICD-10:Q21.1"), List.of("HP:0011994"), List.of("HP:0001630"), false, null, 7,
        List.of("cardiovascular"), "cardiovascular"), t::add);
    assertEquals(t.size(), n);
    Node s = KgVocabulary.iri("http://purl.obolibrary.org/obo/HP_0001631");
    assertTrue(has(t, s, KgVocabulary.RDF_TYPE, KgVocabulary.OWL_CLASS));
    assertTrue(has(t, s, KgVocabulary.LABEL, KgVocabulary.string("Atrial septal defect")));
    assertTrue(has(t, s, KgVocabulary.iri("http://purl.obolibrary.org/obo/IAO_0000115"), KgVocabulary.string("An opening in the atrial septum.")));
    assertTrue(has(t, s, KgVocabulary.iri("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym"), KgVocabulary.string("ASD")));
    assertTrue(has(t, s, KgVocabulary.RELATED_SYNONYM, KgVocabulary.string("Hole in heart")));
    assertTrue(has(t, s, KgVocabulary.BROAD_SYNONYM, KgVocabulary.string("Septal defect")));
    assertTrue(has(t, s, KgVocabulary.NARROW_SYNONYM, KgVocabulary.string("Ostium secundum")));
    assertTrue(has(t, s, KgVocabulary.DB_XREF, KgVocabulary.string("ICD-10:Q21.1")));
    assertTrue(has(t, s, KgVocabulary.ALTERNATIVE_ID, KgVocabulary.string("HP:0001630")));
    assertTrue(has(t, s, KgVocabulary.SYSTEM, KgVocabulary.string("cardiovascular")));
    assertTrue(has(t, s, KgVocabulary.DEPTH, KgVocabulary.integer(7)));
    assertFalse(t.stream().anyMatch(x -> x.getPredicate().equals(KgVocabulary.OWL_DEPRECATED)));
    // type, id, label, definition, 4 synonyms, xref, alt id, depth, system, 1 inSystem
    assertEquals(13, n);
  }

  @Test
  void obsoleteTermIsDeprecatedAndPointsToItsReplacement() throws Exception {
    List<Triple> t = new ArrayList<>();
    KgTriples.phenotype(phenotype("HP:0000057", "obsolete Clitoromegaly", null, List.of(), List.of(), List.of(), List.of(),
        true, "HP:0008665", 0, List.of(), "other"), t::add);
    Node s = KgVocabulary.term("HP:0000057");
    assertTrue(has(t, s, KgVocabulary.OWL_DEPRECATED, KgVocabulary.bool(true)));
    assertTrue(has(t, s, KgVocabulary.REPLACED_BY, KgVocabulary.term("HP:0008665")));
  }

  @Test
  void badRowIsRejectedWholeWithItsReason() {
    List<Triple> t = new ArrayList<>();
    var e = assertThrows(KgTriples.RowRejected.class, () -> KgTriples.phenotype(phenotype("HP:0000118", "Phenotypic abnormality",
        null, List.of(syn("ok", "exact"), syn("x", "sideways")), List.of(), List.of(), List.of(), false, null, 1, List.of(), "other"), t::add));
    assertTrue(e.getMessage().contains("sideways"), e.getMessage());
    assertTrue(t.isEmpty(), "nothing of a rejected row is emitted");

    var bad = assertThrows(KgTriples.RowRejected.class, () -> KgTriples.phenotype(phenotype(null, "x", null, List.of(), List.of(),
        List.of(), List.of(), false, null, 1, List.of(), "other"), t::add));
    assertEquals("id is null", bad.getMessage());
  }

  @Test
  void linkIsANodeWithTypedLiterals() throws Exception {
    List<Triple> t = new ArrayList<>();
    int n = KgTriples.link(row(LINK_COLUMNS, "p1", "PMC1/F1", "HP:0001631", "ASD", 10, 13, "abbreviation", 0.8), t::add);
    assertEquals(9, n);
    Node s = KgVocabulary.linkIri("p1");
    assertTrue(has(t, s, KgVocabulary.RDF_TYPE, KgVocabulary.LINK));
    assertTrue(has(t, s, KgVocabulary.LINK_FIGURE, KgVocabulary.figureIri("PMC1/F1")));
    assertTrue(has(t, s, KgVocabulary.LINK_PHENOTYPE, KgVocabulary.term("HP:0001631")));
    assertTrue(has(t, s, KgVocabulary.CONFIDENCE, KgVocabulary.decimal(0.8)));
    assertTrue(has(t, s, KgVocabulary.SPAN_START, KgVocabulary.integer(10)));
    assertTrue(has(t, s, KgVocabulary.SPAN_END, KgVocabulary.integer(13)));
    assertEquals("http://www.w3.org/2001/XMLSchema#double", KgVocabulary.decimal(0.8).getLiteralDatatypeURI());
  }

  @Test
  void linkRangeAndConfidenceAreChecked() {
    assertThrows(KgTriples.RowRejected.class,
        () -> KgTriples.link(row(LINK_COLUMNS, "p", "F", "HP:1", "x", 5, 3, "label", 0.5), t -> {}));
    var e = assertThrows(KgTriples.RowRejected.class,
        () -> KgTriples.link(row(LINK_COLUMNS, "p", "F", "HP:1", "x", 0, 3, "label", Double.NaN), t -> {}));
    assertTrue(e.getMessage().contains("confidence"), e.getMessage());
  }

  @Test
  void edgesBecomeSubClassOf() throws Exception {
    StructType s = PhenoKg.EDGE;
    List<Triple> t = new ArrayList<>();
    KgTriples.edge(row(s, "HP:0001631", "HP:0011994", "is_a"), t::add);
    assertEquals(Triple.create(KgVocabulary.term("HP:0001631"), KgVocabulary.SUBCLASS_OF, KgVocabulary.term("HP:0011994")), t.get(0));
    assertThrows(KgTriples.RowRejected.class, () -> KgTriples.edge(row(s, "HP:0001631", "not an id", "is_a"), x -> {}));
  }
}
