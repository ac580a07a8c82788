package org.phenolip.kg.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.kg.fuseki.SparqlServer;
import org.phenolip.kg.rdf.KgGraph;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phenolip kg serve --kg DIR --port N --timeout-ms N}: a read-only SPARQL endpoint, in the foreground. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve PhenoKG as a read-only SPARQL endpoint (Fuseki) on 127.0.0.1: /phenokg/sparql.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin SparkOptions spark = new SparkOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  GraphSource source;

  @Option(names = "--port", paramLabel = "N", defaultValue = "3030", description = "TCP port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--timeout-ms", paramLabel = "N", defaultValue = "60000", description = "Per-query timeout in milliseconds (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = "--max-results", paramLabel = "N", defaultValue = "100000", description = "At most N rows (SELECT) or solutions (CONSTRUCT/DESCRIBE) per query (default: ${DEFAULT-VALUE}).")
  long maxResults;

  /** Set once the endpoint listens (for tests and embedding); counted down then. */
  public volatile SparqlServer server;
  public final CountDownLatch started = new CountDownLatch(1);

  @Override
  public Integer call() {
    // Spark is only needed to read the Parquet; the server outlives it.
    KgGraph graph = source.load(spark, "phenolip-serve", true);
    SparqlServer s = SparqlServer.start(graph, port, timeoutMs, maxResults);
    server = s;
    Thread hook = new Thread(s::stop, "phenolip-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("SPARQL endpoint (read-only, timeout " + timeoutMs + " ms): " + s.endpoint());
    System.out.flush();
    started.countDown();
    try {
      s.join();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook stops the server
      }
    }
    return 0;
  }
}
