package org.phenolip.kg.fuseki;

import org.phenolip.kg.rdf.QueryGuard;
import org.phenolip.kg.rdf.SparqlQuery;
import java.lang.reflect.InvocationTargetException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.phenolip.kg.rdf.KgGraph;

/**
 * A read-only SPARQL endpoint over a {@link KgGraph}: embedded Fuseki (jena-fuseki-main)
 * bound to 127.0.0.1, one dataset {@value #DATASET} with the SPARQL query service only, at
 * {@code /phenokg/sparql}, {@code /phenokg/query} and {@code /phenokg} itself. No update,
 * upload or Graph Store endpoint is registered, so SPARQL Update and GSP writes are refused
 * with a 4xx. Every query runs under {@code arq:queryTimeout} and a result cap, collected before
 * the response starts (503 past the timeout, nothing half-sent; past the cap a complete document
 * with header {@code X-PhenoLIP-Truncated}). The server reaches nothing: {@code SERVICE} and
 * {@code FROM} are refused with a 400 ({@link QueryGuard}) and ARQ's SERVICE execution is off.
 *
 * <p>Fuseki runs in its own class loader ({@link FusekiClassLoader}) so that its Servlet 6
 * Jetty and Spark's Servlet 5 Jetty can share the JVM.
 */
public final class SparqlServer implements AutoCloseable {
  public static final String DATASET = "/phenokg";

  /** What the Fuseki side exposes across the class-loader boundary. */
  public interface Handle {
    int port();

    void join();

    void stop();
  }

  private final Handle handle;

  private SparqlServer(Handle handle) {
    this.handle = handle;
  }

  /** Starts serving {@code graph} on 127.0.0.1:{@code port} (0 = a free port). */
  public static SparqlServer start(KgGraph graph, int port, long timeoutMs) {
    return start(graph, port, timeoutMs, SparqlQuery.DEFAULT_MAX_RESULTS);
  }

  /** As {@link #start(KgGraph, int, long)}, answering at most {@code maxResults} rows or solutions per query. */
  public static SparqlServer start(KgGraph graph, int port, long timeoutMs, long maxResults) {
    if (maxResults < 1) throw new IllegalArgumentException("max results must be >= 1, got " + maxResults);
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    if (timeoutMs <= 0) throw new IllegalArgumentException("timeout must be > 0 ms, got " + timeoutMs);
    ClassLoader loader = FusekiClassLoader.get();
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader); // Fuseki finds its modules through the context loader
    try {
      // By name: the application loader must never load FusekiLauncher (or Fuseki) itself.
      Class<?> launcher = Class.forName("org.phenolip.kg.fuseki.FusekiLauncher", true, loader);
      Object h = launcher.getMethod("start", DatasetGraph.class, int.class, long.class, String.class, long.class)
          .invoke(null, graph.dataset().asDatasetGraph(), port, timeoutMs, DATASET, maxResults);
      return new SparqlServer((Handle) h);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("cannot start the SPARQL server on 127.0.0.1:" + port + ": " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load the embedded Fuseki server: " + e, e);
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  public int port() {
    return handle.port();
  }

  /** The query endpoint, e.g. {@code http://127.0.0.1:3030/phenokg/sparql}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port() + DATASET + "/sparql";
  }

  /** Blocks until the server stops (the CLI's foreground run). */
  public void join() {
    handle.join();
  }

  public void stop() {
    handle.stop();
  }

  @Override
  public void close() {
    stop();
  }
}
