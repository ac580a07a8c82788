package org.phenolip.kg.rdf;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.cli.ServeCommand;
import org.phenolip.kg.fuseki.SparqlServer;

class SparqlServerTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static KgGraph graph;
  static Path nt;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.local("SparqlServerTest", 2);
    String kg = KgFixture.write(spark, tmp.resolve("kg"));
    graph = KgGraph.fromParquet(spark, kg);
    nt = tmp.resolve("phenokg.nt");
    RdfExport.export(spark, kg, nt);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  static HttpResponse<String> get(String endpoint, String query) throws Exception {
    String prologue = KgVocabulary.sparqlPrologue(); // the server does not predeclare prefixes
    URI u = URI.create(endpoint + "?query=" + URLEncoder.encode(prologue + query, StandardCharsets.UTF_8));
    return HTTP.send(HttpRequest.newBuilder(u).header("Accept", "application/sparql-results+json")
        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> send(String method, String url, String contentType, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersQueriesOverHttpAndRefusesWrites() throws Exception {
    long before = graph.size();
    SparqlServer server = SparqlServer.start(graph, 0, 10_000);
    try {
      assertTrue(server.port() > 0);
      assertTrue(server.endpoint().startsWith("http://127.0.0.1:"));
      HttpResponse<String> r = get(server.endpoint(), SparqlQueryTest.CARDIO_FIGURES);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(java.util.List.of(
          "https://w3id.org/phenokg/figure/PMC3166277/F1",
          "https://w3id.org/phenokg/figure/doi:10.1371/journal.pone.0000217/g001"),
          SparqlQueryTest.jsonColumn(r.body(), "figure"));

      String base = "http://127.0.0.1:" + server.port() + SparqlServer.DATASET;
      String insert = "INSERT DATA { <http://example.org/x/a> <http://example.org/x/b> <http://example.org/x/c> }";
      int viaQueryEndpoint = send("POST", base + "/sparql", "application/sparql-update", insert).statusCode();
      int viaUpdatePath = send("POST", base + "/update", "application/sparql-update", insert).statusCode();
      int viaDataset = send("POST", base, "application/x-www-form-urlencoded",
          "update=" + URLEncoder.encode(insert, StandardCharsets.UTF_8)).statusCode();
      int gspPut = send("PUT", base + "?default", "application/n-triples", "<http://example.org/x/a> <http://example.org/x/b> <http://example.org/x/c> .\n").statusCode();
      int gspPost = send("POST", base + "/data?default", "text/turtle", "<http://example.org/x/a> <http://example.org/x/b> <http://example.org/x/c> .\n").statusCode();
      for (int code : new int[] {viaQueryEndpoint, viaUpdatePath, viaDataset, gspPut, gspPost}) {
        assertTrue(code >= 400 && code < 500, "write answered " + code
            + " (update via /sparql " + viaQueryEndpoint + ", /update " + viaUpdatePath + ", dataset " + viaDataset
            + ", GSP PUT " + gspPut + ", GSP POST " + gspPost + ")");
      }
      assertEquals(before, graph.size(), "the graph is unchanged");
      assertTrue(get(server.endpoint(), "ASK { <http://example.org/x/a> ?p ?o }").body().contains("false"));
    } finally {
      server.stop();
    }
  }

  @Test
  void expensiveQueryTimesOut() throws Exception {
    SparqlServer server = SparqlServer.start(graph, 0, 300);
    try {
      long t0 = System.nanoTime();
      HttpResponse<String> r = get(server.endpoint(),
          "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(503, r.statusCode(), r.body());
      assertTrue(seconds < 30, "answered after " + seconds + " s");
      // A cheap query still works on the same server.
      assertEquals(200, get(server.endpoint(), "ASK { ?s ?p ?o }").statusCode());
    } finally {
      server.stop();
    }
  }

  @Test
  void serveCommandServesAnExportUntilStopped() throws Exception {
    ServeCommand cmd = new ServeCommand();
    Thread t = new Thread(() -> new picocli.CommandLine(cmd).execute("--rdf", nt.toString(), "--port", "0", "--timeout-ms", "5000"));
    t.start();
    try {
      assertTrue(cmd.started.await(120, TimeUnit.SECONDS), "server started");
      HttpResponse<String> r = get(cmd.server.endpoint(), "SELECT ?l WHERE { obo:HP_0001631 rdfs:label ?l }");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(java.util.List.of("Atrial septal defect"), SparqlQueryTest.jsonColumn(r.body(), "l"));
    } finally {
      if (cmd.server != null) cmd.server.stop();
      t.join(30_000);
    }
    assertFalse(t.isAlive(), "serve returns once the server stops");
  }
}
