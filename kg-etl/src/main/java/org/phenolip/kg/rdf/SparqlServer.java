package org.phenolip.kg.rdf;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.server.DataService;
import org.apache.jena.fuseki.server.Operation;
import org.apache.jena.fuseki.server.OperationRegistry;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.util.Context;

/**
 * A read-only SPARQL endpoint over a {@link KgGraph}: embedded Fuseki bound to 127.0.0.1,
 * one dataset {@value #DATASET} with the SPARQL query service only, at
 * {@code /phenokg/sparql}, {@code /phenokg/query} and {@code /phenokg} itself. No update,
 * upload or Graph Store endpoint is registered, so SPARQL Update and GSP writes are refused
 * with a 4xx. Every query runs under {@code arq:queryTimeout} (Fuseki answers 503 past it).
 */
public final class SparqlServer implements AutoCloseable {
  public static final String DATASET = "/phenokg";

  private final FusekiServer server;

  private SparqlServer(FusekiServer server) {
    this.server = server;
  }

  /** Starts serving {@code graph} on 127.0.0.1:{@code port} (0 = a free port). */
  public static SparqlServer start(KgGraph graph, int port, long timeoutMs) {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    if (timeoutMs <= 0) throw new IllegalArgumentException("timeout must be > 0 ms, got " + timeoutMs);
    DataService service = DataService.newBuilder(graph.dataset().asDatasetGraph())
        .addEndpoint(Operation.Query, "sparql")
        .addEndpoint(Operation.Query, "query")
        .addEndpoint(Operation.Query) // the dataset URL itself: /phenokg?query=...
        .build();
    Context context = new Context();
    context.set(ARQ.queryTimeout, Long.toString(timeoutMs));
    FusekiServer server = FusekiServer.create(OperationRegistry.createStd(), context)
        .port(port)
        .loopback(true)
        .enablePing(true)
        .add(DATASET, service)
        .build();
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the SPARQL server on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    return new SparqlServer(server);
  }

  public int port() {
    return server.getHttpPort();
  }

  /** The query endpoint, e.g. {@code http://127.0.0.1:3030/phenokg/sparql}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port() + DATASET + "/sparql";
  }

  /** Blocks until the server stops (the CLI's foreground run). */
  public void join() {
    server.join();
  }

  public void stop() {
    server.stop();
  }

  @Override
  public void close() {
    stop();
  }
}
