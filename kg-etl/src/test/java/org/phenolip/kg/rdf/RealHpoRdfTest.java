package org.phenolip.kg.rdf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;

/**
 * The full HPO 2024-08-13 release through export and SPARQL, checked against counts taken
 * independently: data/SOURCES.md (19,434 HP classes, 446 deprecated, 23,409 is_a edges,
 * 1,460 live terms under HP:0001626) and a BFS over the JSON edges.
 */
class RealHpoRdfTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static HpoKgFixture.Hpo hpo;
  static KgGraph graph;

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkSessions.local("RealHpoRdfTest", 2);
    hpo = HpoKgFixture.read(HpoKgFixture.HPO_2024);
    String kg = HpoKgFixture.write(spark, hpo, tmp.resolve("kg"));
    graph = KgGraph.fromParquet(spark, kg);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  static String csv(String q) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SparqlQuery.run(graph, q, SparqlQuery.ResultFormat.CSV, 120_000, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyTermAndEdgeArrives() {
    RdfStats s = graph.stats();
    assertEquals(19_434, s.dataset(PhenoKg.PHENOTYPES).rows());
    assertEquals(0, s.rejected(), s.summary());
    assertEquals(23_409, s.dataset(PhenoKg.EDGES).triples());
    assertEquals("n\r\n19434\r\n", csv("SELECT (COUNT(?t) AS ?n) WHERE { ?t a owl:Class ; oboInOwl:id ?id }"));
    assertEquals("n\r\n446\r\n", csv("SELECT (COUNT(?t) AS ?n) WHERE { ?t owl:deprecated true }"));
    assertEquals("n\r\n23409\r\n", csv("SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:subClassOf ?b }"));
  }

  @Test
  void cardiovascularSubtreeMatchesTheIndependentCount() {
    // SOURCES.md: 1,460 live terms under HP:0001626, itself included.
    assertEquals("n\r\n1460\r\n", csv("""
        SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
          ?t rdfs:subClassOf* obo:HP_0001626 .
          FILTER NOT EXISTS { ?t owl:deprecated true }
        }"""));
    int bfs = HpoKgFixture.bfs("HP:0000118", hpo.children()).size() - 1; // itself excluded
    assertEquals(18_354, bfs);
    assertEquals("n\r\n" + bfs + "\r\n", csv("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t rdfs:subClassOf+ obo:HP_0000118 }"));
  }

  @Test
  void systemsAndAnnotationsAreQueryable() {
    // "ASD" is an exact synonym of two real terms: the heart defect and the behaviour.
    assertEquals("label\r\nAtrial septal defect\r\nAutistic behavior\r\n",
        csv("SELECT ?label WHERE { ?t oboInOwl:hasExactSynonym \"ASD\" ; rdfs:label ?label } ORDER BY ?label"));
    assertEquals("s\r\ncardiovascular\r\n", csv("SELECT ?s WHERE { obo:HP_0001631 phenokg:system ?s }"));
    assertEquals("r\r\nhttp://purl.obolibrary.org/obo/HP_0008665\r\n", csv("SELECT ?r WHERE { obo:HP_0000057 obo:IAO_0100001 ?r }"));
  }
}
