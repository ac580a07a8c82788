package org.phenolip.kg.rdf;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.Test;

class KgVocabularyTest {

  @Test
  void hpoIdsMapToOboPurls() {
    assertEquals("http://purl.obolibrary.org/obo/HP_0000118", KgVocabulary.term("HP:0000118").getURI());
    assertEquals("http://purl.obolibrary.org/obo/BFO_0000050", KgVocabulary.relation("BFO:0000050").getURI());
    assertEquals("https://w3id.org/phenokg/relation/part_of", KgVocabulary.relation("part_of").getURI());
  }

  @Test
  void malformedIdsAreRefusedWithTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> KgVocabulary.term("HP0000118"));
    assertTrue(e.getMessage().contains("'HP0000118'"), e.getMessage());
    assertFalse(KgVocabulary.isCurie("HP:"));
    assertFalse(KgVocabulary.isCurie("HP:0000 118"));
    assertFalse(KgVocabulary.isCurie(null));
    assertTrue(KgVocabulary.isCurie("UMLS:C0007222"));
  }

  @Test
  void literatureIrisStayReadableAndOneToOne() {
    assertEquals("https://w3id.org/phenokg/figure/PMC3166277/F1", KgVocabulary.figureIri("PMC3166277/F1").getURI());
    assertEquals("https://w3id.org/phenokg/article/doi:10.1371/journal.pone.0000217",
        KgVocabulary.articleIri("doi:10.1371/journal.pone.0000217").getURI());
    // Space, '%', '#', non-ASCII are percent-encoded; distinct ids stay distinct.
    assertEquals("a%20b%25c%23d%CE%BB", KgVocabulary.encode("a b%c#dλ"));
    List<String> ids = List.of("a b", "a%20b", "a+b", "a/b", "a:b", "a%2Fb", "λ", "%CE%BB");
    var iris = new HashSet<String>();
    ids.forEach(i -> iris.add(KgVocabulary.linkIri(i).getURI()));
    assertEquals(ids.size(), iris.size());
  }

  @Test
  void vocabularyDeclaresEveryProjectTermWithLabelAndComment() {
    List<Triple> t = new ArrayList<>();
    KgVocabulary.declarations(t::add);
    for (var n : List.of(KgVocabulary.LINK, KgVocabulary.DEPICTS, KgVocabulary.CONFIDENCE, KgVocabulary.SYSTEM,
        KgVocabulary.FIGURE, KgVocabulary.ARTICLE, KgVocabulary.SPAN_START, KgVocabulary.SPAN_END)) {
      assertTrue(t.stream().anyMatch(x -> x.getSubject().equals(n) && x.getPredicate().equals(KgVocabulary.LABEL)), n.toString());
      assertTrue(t.stream().anyMatch(x -> x.getSubject().equals(n) && x.getPredicate().equals(KgVocabulary.COMMENT)), n.toString());
    }
    assertTrue(KgVocabulary.sparqlPrologue().contains("PREFIX phenokg: <https://w3id.org/phenokg/>"));
  }
}
