package org.phenolip.kg.rdf;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;
import static org.phenolip.kg.rdf.KgVocabulary.*;

class RdfExportTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static String kg;
  static Path nt;
  static RdfStats ntStats;

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.local("RdfExportTest", 2);
    kg = KgFixture.write(spark, tmp.resolve("kg"));
    nt = tmp.resolve("out/phenokg.nt");
    ntStats = RdfExport.export(spark, kg, nt.toString());
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void nTriplesExportCountsEveryTripleAndRejectsBadRows() throws Exception {
    Path out = nt;
    RdfStats s = ntStats;

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(s.triples(), lines.size(), "one N-Triples line per counted triple");
    Graph g = RDFDataMgr.loadGraph(out.toString());
    assertEquals(s.triples(), g.size(), "no duplicate triple (depicts deduplicated per figure)");

    for (var d : s.datasets()) assertEquals(d.rows(), d.written() + d.rejected(), d.toString());
    assertEquals(13, s.dataset(PhenoKg.PHENOTYPES).rows());
    assertEquals(1, s.dataset(PhenoKg.PHENOTYPES).rejected());
    assertEquals(KgFixture.VALID_EDGES, s.dataset(PhenoKg.EDGES).written());
    assertEquals(KgFixture.VALID_EDGES, s.dataset(PhenoKg.EDGES).triples());
    assertEquals(1, s.dataset(PhenoKg.EDGES).rejected());
    assertEquals(KgFixture.VALID_LINKS, s.dataset(PhenoKg.PAIRS).written());
    assertEquals(2, s.dataset(PhenoKg.PAIRS).rejected());
    assertEquals(9L * KgFixture.VALID_LINKS, s.dataset(PhenoKg.PAIRS).triples());
    assertEquals(KgFixture.DISTINCT_DEPICTS, s.dataset(KgParquet.DEPICTS).triples());
    assertEquals(2, s.dataset(PhenoKg.ARTICLES).written());
    assertEquals(3, s.dataset(PhenoKg.FIGURES).written());
    assertEquals(4, s.rejected());
    assertTrue(s.rejectSamples().stream().anyMatch(r -> r.key().equals("p5") && r.reason().contains("confidence 1.5")), s.summary());
    assertTrue(s.rejectSamples().stream().anyMatch(r -> r.key().equals("p6") && r.reason().contains("HP0001631")), s.summary());
    assertTrue(s.rejectSamples().stream().anyMatch(r -> r.key().equals("HP:9999999") && r.reason().contains("sideways")), s.summary());
    assertTrue(s.rejectSamples().stream().anyMatch(r -> r.dataset().equals("edges") && r.reason().contains("Seizure parent")), s.summary());

    // Phenotype triples, recomputed from the fixture rows: 2 (type, id) + label + definition
    // + synonyms + xrefs + alt ids + deprecated + replaced_by + depth + system + systems.
    long expected = KgFixture.phenotypes().stream().filter(r -> !r.getString(0).equals("HP:9999999")).mapToLong(r ->
        2 + (r.isNullAt(1) ? 0 : 1) + (r.isNullAt(2) ? 0 : 1) + size(r, 3) + size(r, 4)
            + size(r, 6) + (r.getBoolean(7) ? 1 : 0) + (r.isNullAt(8) ? 0 : 1) + 1 + 1 + size(r, 10)).sum();
    assertEquals(expected, s.dataset(PhenoKg.PHENOTYPES).triples());

    Node asd = iri("http://purl.obolibrary.org/obo/HP_0001631");
    assertTrue(g.contains(asd, LABEL, string("Atrial septal defect")));
    assertTrue(g.contains(asd, SUBCLASS_OF, iri("http://purl.obolibrary.org/obo/HP_0011994")));
    assertTrue(g.contains(asd, EXACT_SYNONYM, string("ASD")));
    assertTrue(g.contains(asd, SYSTEM, string("cardiovascular")));
    assertTrue(g.contains(term("HP:0000057"), OWL_DEPRECATED, bool(true)));
    assertTrue(g.contains(term("HP:0000057"), REPLACED_BY, term("HP:0008665")));
    assertFalse(g.contains(term("HP:9999999"), Node.ANY, Node.ANY), "rejected term leaves nothing behind");

    Node f1 = iri("https://w3id.org/phenokg/figure/PMC3166277/F1");
    assertTrue(g.contains(f1, DC_IS_PART_OF, iri("https://w3id.org/phenokg/article/PMC3166277")));
    assertTrue(g.contains(f1, HAS_IMAGE, bool(true)));
    assertTrue(g.contains(figureIri(KgFixture.F2), HAS_IMAGE, bool(false)));
    assertTrue(g.contains(f1, DEPICTS, asd));
    assertTrue(g.contains(articleIri("PMC3166277"), DC_TITLE, string("Factors influencing lysis time stochasticity in bacteriophage λ")));
    assertTrue(g.contains(articleIri("PMC3166277"), DC_ISSUED, year(2011)));
    Node p1 = iri("https://w3id.org/phenokg/link/p1");
    assertTrue(g.contains(p1, CONFIDENCE, decimal(1.0)));
    assertTrue(g.contains(p1, LINK_FIGURE, f1));
    assertFalse(g.contains(linkIri("p5"), Node.ANY, Node.ANY));
    // F2 keeps its depicts through the valid link p3 though p5 was rejected.
    assertTrue(g.contains(figureIri(KgFixture.F2), DEPICTS, term("HP:0001250")));
  }

  /** Fixture rows hold java.util.List (Spark turns them into arrays when it writes them). */
  private static int size(org.apache.spark.sql.Row r, int i) {
    return ((List<?>) r.get(i)).size();
  }

  @Test
  void gzippedTurtleHoldsTheSameGraphAsNTriples() {
    Path ttl = tmp.resolve("same/phenokg.ttl.gz");
    RdfStats a = ntStats;
    RdfStats b = RdfExport.export(spark, kg, ttl.toString());
    assertEquals(a.triples(), b.triples());
    Graph gn = RDFDataMgr.loadGraph(nt.toString());
    Graph gt = RDFDataMgr.loadGraph(ttl.toString());
    assertTrue(gn.isIsomorphicWith(gt));
    assertEquals("http://purl.obolibrary.org/obo/", RDFDataMgr.loadModel(ttl.toString()).getNsPrefixURI("obo"));
  }

  @Test
  void publishedKgIsReadThroughItsCurrentPointer() throws Exception {
    Path root = tmp.resolve("published");
    AtomicPublish pub = AtomicPublish.local(root.toString());
    var version = pub.newVersion();
    KgFixture.write(spark, version.toUri().getPath(), PhenoKg.PHENOTYPES, KgFixture.phenotypes(), true);
    pub.commit(version);
    RdfStats s = RdfExport.export(spark, root.toString(), tmp.resolve("pub.nt").toString());
    assertTrue(s.kg().contains(version.getName()), s.kg());
    assertEquals(12, s.dataset(PhenoKg.PHENOTYPES).written());
  }

  @Test
  void absentOptionalDatasetsAreReportedNotInvented() throws Exception {
    Path only = tmp.resolve("ontology-only");
    KgFixture.write(spark, only.toString(), PhenoKg.PHENOTYPES, KgFixture.phenotypes(), true);
    RdfStats s = RdfExport.export(spark, only.toString(), tmp.resolve("only.nt").toString());
    assertFalse(s.dataset(PhenoKg.PAIRS).present());
    assertFalse(s.dataset(PhenoKg.EDGES).present());
    assertTrue(s.summary().contains("absent"));
  }

  @Test
  void badInputGivesAClearError() throws Exception {
    var noKg = assertThrows(IllegalArgumentException.class,
        () -> RdfExport.export(spark, tmp.resolve("nothing-here").toString(), tmp.resolve("x.nt").toString()));
    assertTrue(noKg.getMessage().contains("phenotypes"), noKg.getMessage());

    Path wrong = tmp.resolve("wrong-schema");
    StructType bad = new StructType().add("id", DataTypes.StringType).add("label", DataTypes.IntegerType);
    spark.createDataFrame(List.of(RowFactory.create("HP:0000118", 1)), bad).write().parquet(wrong.resolve("phenotypes").toString());
    var schema = assertThrows(IllegalArgumentException.class, () -> RdfExport.export(spark, wrong.toString(), tmp.resolve("y.nt").toString()));
    assertTrue(schema.getMessage().contains("missing column 'synonyms'"), schema.getMessage());
    assertTrue(schema.getMessage().contains("column 'label' is int"), schema.getMessage());
    assertFalse(Files.exists(tmp.resolve("y.nt")), "no partial output");
    Files.writeString(tmp.resolve("kept.nt"), "the previous export\n");
    assertThrows(IllegalArgumentException.class, () -> RdfExport.export(spark, wrong.toString(), tmp.resolve("kept.nt").toString()));
    assertEquals("the previous export\n", Files.readString(tmp.resolve("kept.nt")), "a failed export leaves the previous one");
    try (var left = Files.list(tmp)) {
      assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith("._tmp")), "no temporary left");
    }

    var ext = assertThrows(IllegalArgumentException.class, () -> RdfExport.export(spark, kg, tmp.resolve("z.rdf").toString()));
    assertTrue(ext.getMessage().contains(".ttl or .nt"), ext.getMessage());
  }
}
