package org.phenolip.kg.fuseki;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.server.DataService;
import org.apache.jena.fuseki.server.Endpoint;
import org.apache.jena.fuseki.server.Operation;
import org.apache.jena.fuseki.server.OperationRegistry;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.util.Context;

/**
 * The Fuseki side of {@link SparqlServer}. It is loaded by {@link FusekiClassLoader}, never
 * by the application class loader: Fuseki's Jetty 12 needs Servlet 6 while Spark's Jetty 11
 * needs Servlet 5 in the same JVM. Only JDK and Jena-core types cross the boundary.
 */
public final class FusekiLauncher implements SparqlServer.Handle {
  private final FusekiServer server;

  private FusekiLauncher(FusekiServer server) {
    this.server = server;
  }

  /** Called reflectively by {@link SparqlServer#start}. */
  public static SparqlServer.Handle start(DatasetGraph dsg, int port, long timeoutMs, String dataset) {
    // Fuseki reads arq:queryTimeout from the dataset and endpoint contexts (not the server's).
    Context context = new Context();
    context.set(ARQ.queryTimeout, Long.toString(timeoutMs));
    DataService service = DataService.newBuilder(dsg)
        .addEndpoint(query("sparql", context))
        .addEndpoint(query("query", context))
        .addEndpoint(query(null, context)) // the dataset URL itself: /phenokg?query=...
        .build();
    FusekiServer server = FusekiServer.create(OperationRegistry.createStd(), new Context())
        .port(port)
        .loopback(true)
        .enablePing(true)
        .add(dataset, service)
        .build();
    server.start();
    return new FusekiLauncher(server);
  }

  private static Endpoint query(String name, Context context) {
    return Endpoint.create().operation(Operation.Query).endpointName(name).context(context).build();
  }

  @Override
  public int port() {
    return server.getHttpPort();
  }

  @Override
  public void join() {
    server.join();
  }

  @Override
  public void stop() {
    server.stop();
  }
}
