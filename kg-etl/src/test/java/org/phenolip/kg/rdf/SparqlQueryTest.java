package org.phenolip.kg.rdf;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.cli.ExportRdfCommand;
import org.phenolip.kg.cli.SparqlCommand;
import picocli.CommandLine;

class SparqlQueryTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static String kg;
  static KgGraph graph;

  /** Figures that depict a descendant of HP:0001626 (cardiovascular), through the is_a closure. */
  static final String CARDIO_FIGURES = """
      SELECT DISTINCT ?figure WHERE {
        ?figure phenokg:depicts ?term .
        ?term rdfs:subClassOf* obo:HP_0001626 .
      } ORDER BY ?figure""";

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.local("SparqlQueryTest", 2);
    kg = KgFixture.write(spark, tmp.resolve("kg"));
    graph = KgGraph.fromParquet(spark, kg);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  static String run(KgGraph g, String q, SparqlQuery.ResultFormat f) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SparqlQuery.run(g, q, f, 10_000, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static List<String> jsonColumn(String json, String var) throws Exception {
    JsonNode root = Json.MAPPER.readTree(json);
    List<String> values = new ArrayList<>();
    root.path("results").path("bindings").forEach(b -> values.add(b.path(var).path("value").asText()));
    return values;
  }

  @Test
  void figuresDepictingACardiovascularDescendant() throws Exception {
    String json = run(graph, CARDIO_FIGURES, SparqlQuery.ResultFormat.JSON);
    assertEquals(List.of(
        "https://w3id.org/phenokg/figure/PMC3166277/F1",
        "https://w3id.org/phenokg/figure/doi:10.1371/journal.pone.0000217/g001"), jsonColumn(json, "figure"));
  }

  @Test
  void linkNodesCarryConfidenceAndSpan() throws Exception {
    String q = """
        SELECT ?pair ?start ?end WHERE {
          ?l a phenokg:Link ; phenokg:pairId ?pair ; phenokg:confidence ?c ;
             phenokg:spanStart ?start ; phenokg:spanEnd ?end ; phenokg:phenotype/rdfs:label ?label .
          FILTER(?c >= 0.9 && STRSTARTS(?label, "A"))
        } ORDER BY ?pair""";
    String json = run(graph, q, SparqlQuery.ResultFormat.JSON);
    assertEquals(List.of("p1", "p4"), jsonColumn(json, "pair")); // p2 (0.8) below, p3 Seizure filtered
    assertEquals(List.of("27", "0"), jsonColumn(json, "start"));
  }

  @Test
  void selectAsCsvTsvAndText() {
    String q = "SELECT ?label ?system WHERE { obo:HP_0001631 rdfs:label ?label ; phenokg:system ?system }";
    assertEquals("label,system\r\nAtrial septal defect,cardiovascular\r\n", run(graph, q, SparqlQuery.ResultFormat.CSV));
    assertEquals("?label\t?system\n\"Atrial septal defect\"\t\"cardiovascular\"\n", run(graph, q, SparqlQuery.ResultFormat.TSV));
    assertTrue(run(graph, q, SparqlQuery.ResultFormat.TEXT).contains("| \"Atrial septal defect\" |"));
    assertEquals(run(graph, q, SparqlQuery.ResultFormat.CSV), run(graph, q, null), "CSV is the SELECT default");
  }

  @Test
  void askAndConstruct() {
    assertEquals("true\n", run(graph, "ASK { obo:HP_0000057 owl:deprecated true }", null));
    assertEquals("false\n", run(graph, "ASK { obo:HP_0001250 rdfs:subClassOf+ obo:HP_0001626 }", null));
    assertTrue(run(graph, "ASK { ?f phenokg:depicts obo:HP_0001250 }", SparqlQuery.ResultFormat.JSON).contains("\"boolean\" : true"));
    // negated links are a separate shortcut: g001 rules seizures out and depicts none
    assertEquals("true\n", run(graph, "ASK { ?f phenokg:rulesOut obo:HP_0001250 ; phenokg:depicts obo:HP_0001627 }", null));
    assertEquals("false\n", run(graph, "ASK { ?f phenokg:rulesOut ?t ; phenokg:depicts ?t }", null));
    assertEquals(1, run(graph, "SELECT ?f ?t WHERE { ?f phenokg:rulesOut ?t }", SparqlQuery.ResultFormat.CSV).strip().split("\n").length - 1,
        "one rulesOut per distinct figure and term");

    String ttl = run(graph, "CONSTRUCT { ?f phenokg:depicts ?t } WHERE { ?f phenokg:depicts ?t }", null);
    Graph g = GraphFactory.createDefaultGraph();
    RDFParser.fromString(ttl, Lang.TURTLE).parse(g);
    assertEquals(KgFixture.DISTINCT_DEPICTS, g.size());
    assertTrue(ttl.toLowerCase().contains("prefix phenokg: <https://w3id.org/phenokg/>"), ttl);
    String described = run(graph, "DESCRIBE obo:HP_0001631", SparqlQuery.ResultFormat.NTRIPLES);
    assertTrue(described.contains("\"Atrial septal defect\""), described);
  }

  @Test
  void malformedQueryAndWrongFormatAreClearErrors() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> run(graph, "SELECT ?x WHERE { ?x rdfs:label }", null));
    assertTrue(e.getMessage().startsWith("malformed SPARQL query:"), e.getMessage());
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));

    var undeclared = assertThrows(IllegalArgumentException.class, () -> run(graph, "SELECT * { ?s nope:p ?o }", null));
    assertTrue(undeclared.getMessage().contains("nope"), undeclared.getMessage());

    var fmt = assertThrows(IllegalArgumentException.class, () -> run(graph, CARDIO_FIGURES, SparqlQuery.ResultFormat.TURTLE));
    assertTrue(fmt.getMessage().contains("does not apply to a SELECT"), fmt.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SparqlQuery.ResultFormat.of("xml"));
  }

  @Test
  void expensiveQueryIsCancelledAtTheTimeout() {
    // Four-way cross product of every triple: ~10^10 rows on this graph.
    String q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }";
    long t0 = System.nanoTime();
    var e = assertThrows(SparqlQuery.TimeoutException.class,
        () -> SparqlQuery.run(graph, q, null, 300, new ByteArrayOutputStream()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
    assertTrue(seconds < 30, "cancelled after " + seconds + " s");
  }

  @Test
  void exportedFileAnswersLikeTheParquet() throws Exception {
    Path nt = tmp.resolve("phenokg.nt.gz");
    RdfStats s = RdfExport.export(spark, kg, nt.toString());
    KgGraph fromFile = KgGraph.fromRdf(nt);
    assertEquals(s.triples(), fromFile.size());
    assertEquals(graph.size(), fromFile.size());
    assertEquals(run(graph, CARDIO_FIGURES, SparqlQuery.ResultFormat.CSV), run(fromFile, CARDIO_FIGURES, SparqlQuery.ResultFormat.CSV));

    Path broken = tmp.resolve("broken.ttl");
    Files.writeString(broken, "<urn:a> <urn:b> \"unterminated .\n");
    var e = assertThrows(IllegalArgumentException.class, () -> KgGraph.fromRdf(broken));
    assertTrue(e.getMessage().contains("broken.ttl"), e.getMessage());
  }

  @Test
  void sparqlCommandWritesResultsAndReportsErrorsWithoutStackTrace() throws Exception {
    Path rq = tmp.resolve("cardio.rq");
    Files.writeString(rq, CARDIO_FIGURES);
    Path out = tmp.resolve("res/cardio.json");
    CommandLine cl = Phenolip.commandLine().addSubcommand("sparql", new SparqlCommand());
    StringWriter okErr = new StringWriter();
    cl.getSubcommands().get("sparql").setErr(new PrintWriter(okErr, true));
    int code = cl.execute("sparql", "--kg", kg, "--query-file", rq.toString(), "--format", "json", "--out", out.toString());
    assertEquals(0, code, okErr.toString());
    assertEquals(2, jsonColumn(Files.readString(out), "figure").size());

    // --query @file.rq, where the root command line leaves @-files alone.
    Path csv = tmp.resolve("res/cardio.csv");
    CommandLine noAtFiles = Phenolip.commandLine().addSubcommand("sparql", new SparqlCommand()).setExpandAtFiles(false);
    assertEquals(0, noAtFiles.execute("sparql", "--kg", kg, "--query", "@" + rq, "--out", csv.toString()));
    assertEquals(3, Files.readAllLines(csv).size(), "header + 2 figures");

    StringWriter err = new StringWriter();
    CommandLine bad = Phenolip.commandLine().addSubcommand("sparql", new SparqlCommand());
    bad.getSubcommands().get("sparql").setErr(new PrintWriter(err, true));
    int badCode = bad.execute("sparql", "--kg", kg, "--query", "SELECT WHERE {");
    assertEquals(2, badCode);
    assertTrue(err.toString().startsWith("error: malformed SPARQL query"), err.toString());
    assertFalse(err.toString().contains("\tat "), "no stack trace");

    CommandLine both = Phenolip.commandLine().addSubcommand("sparql", new SparqlCommand());
    both.getSubcommands().get("sparql").setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(2, both.execute("sparql", "--kg", kg, "--rdf", "x.nt", "--query", "ASK {}"), "--kg and --rdf exclude each other");
  }

  @Test
  void exportRdfCommandWritesFileAndStats() throws Exception {
    Path out = tmp.resolve("cli/phenokg.ttl");
    Path stats = tmp.resolve("cli/stats.json");
    CommandLine cl = Phenolip.commandLine().addSubcommand("export-rdf", new ExportRdfCommand());
    assertEquals(0, cl.execute("export-rdf", "--kg", kg, "--out", out.toString(), "--format", "ttl", "--stats", stats.toString()));
    JsonNode st = Json.MAPPER.readTree(stats.toFile());
    assertEquals(4, st.path("rejected").asLong());
    Graph g = GraphFactory.createDefaultGraph();
    RDFParser.source(out).parse(g);
    assertEquals(st.path("triples").asLong(), g.size());
    assertTrue(new String(Files.readAllBytes(out), StandardCharsets.UTF_8).toLowerCase().contains("prefix obo: <http://purl.obolibrary.org/obo/>"));
  }

  @Test
  void queriesThatReachOutsideOrWriteAreRefusedBeforeRunning() {
    for (String q : new String[] {
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "ASK { FILTER NOT EXISTS { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } }"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> run(graph, q, null));
      assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }
    var load = assertThrows(IllegalArgumentException.class, () -> run(graph, "LOAD <file:///etc/passwd>", null));
    assertTrue(load.getMessage().startsWith("SPARQL Update"), load.getMessage());
  }

  @Test
  void resultCapWritesACompleteCsvAndSaysSo() {
    var out = new java.io.ByteArrayOutputStream();
    SparqlQuery.Outcome o = SparqlQuery.run(graph, "SELECT ?a ?b WHERE { ?a ?p ?b . ?c ?q ?d }", SparqlQuery.ResultFormat.CSV,
        10_000, 7, out);
    assertTrue(o.truncated());
    assertEquals(7, o.results());
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("a,b", lines.get(0));
    assertEquals(8, lines.size(), "header + 7 rows, nothing cut mid-row");
  }

  @Test
  void aTimeoutWritesNothing() {
    var out = new java.io.ByteArrayOutputStream();
    assertThrows(SparqlQuery.TimeoutException.class, () -> SparqlQuery.run(graph,
        "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }", SparqlQuery.ResultFormat.CSV, 200, 1_000_000_000L, out));
    assertEquals(0, out.size(), "no partial document");
  }
}
