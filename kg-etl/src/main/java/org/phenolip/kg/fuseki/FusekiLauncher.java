package org.phenolip.kg.fuseki;

import org.phenolip.kg.rdf.QueryGuard;
import org.phenolip.kg.rdf.SparqlQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.fuseki.servlets.SPARQL_QueryDataset;
import org.apache.jena.fuseki.servlets.ServletOps;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecResult;
import org.apache.jena.sparql.exec.RowSet;
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
    return start(dsg, port, timeoutMs, dataset, SparqlQuery.DEFAULT_MAX_RESULTS);
  }

  /** Called reflectively by {@link SparqlServer#start}. */
  public static SparqlServer.Handle start(DatasetGraph dsg, int port, long timeoutMs, String dataset, long maxResults) {
    QueryGuard.init();
    // Fuseki reads arq:queryTimeout from the dataset and endpoint contexts (not the server's).
    Context context = QueryGuard.lockDown(new Context());
    context.set(ARQ.queryTimeout, Long.toString(timeoutMs));
    DataService service = DataService.newBuilder(dsg)
        .addEndpoint(query("sparql", context))
        .addEndpoint(query("query", context))
        .addEndpoint(query(null, context)) // the dataset URL itself: /phenokg?query=...
        .build();
    OperationRegistry registry = OperationRegistry.createStd();
    registry.register(Operation.Query, new BoundedQuery(maxResults));
    FusekiServer server = FusekiServer.create(registry, QueryGuard.lockDown(new Context()))
        .port(port)
        .loopback(true)
        .enablePing(true)
        .add(dataset, service)
        .addFilter("/*", new ReadRefusedBody())
        .build();
    server.start();
    return new FusekiLauncher(server);
  }

  private static Endpoint query(String name, Context context) {
    return Endpoint.create().operation(Operation.Query).endpointName(name).context(context).build();
  }

  /**
   * Fuseki's dataset query service, bounded: a query that reaches outside the graph is a 400
   * before it runs ({@link QueryGuard}); results are capped at {@code maxResults} (the query's
   * LIMIT is lowered to one more than that) and collected in full before the response starts,
   * so a timeout is a 503 with nothing sent rather than a cut-off 200; past the cap the document
   * is complete and well formed with {@code maxResults} results and the header
   * {@code X-PhenoLIP-Truncated: max-results=N}.
   */
  static final class BoundedQuery extends SPARQL_QueryDataset {
    static final String TRUNCATED = "X-PhenoLIP-Truncated";
    private final long maxResults;

    BoundedQuery(long maxResults) {
      this.maxResults = maxResults;
    }

    @Override
    protected void validateQuery(HttpAction action, Query query) {
      super.validateQuery(action, query);
      String problem = QueryGuard.problem(query);
      if (problem != null) ServletOps.errorBadRequest(problem);
      SparqlQuery.capLimit(query, maxResults);
    }

    @Override
    protected QueryExecResult executeQuery(HttpAction action, QueryExec exec, Query query, String queryStringLog) {
      QueryExecResult r = super.executeQuery(action, exec, query, queryStringLog);
      if (r.isRowSet()) {
        RowSet rows = r.rowSet();
        List<Binding> kept = new ArrayList<>();
        while (rows.hasNext()) kept.add(rows.next()); // at most maxResults + 1: the LIMIT was capped
        if (kept.size() > maxResults) {
          kept.remove(kept.size() - 1);
          action.setResponseHeader(TRUNCATED, "max-results=" + maxResults);
        }
        return new QueryExecResult(RowSet.create(QueryIterPlainWrapper.create(kept.iterator()), rows.getResultVars()));
      }
      // CONSTRUCT / DESCRIBE: Fuseki builds the graph in memory before answering, from at most
      // maxResults solutions (capped LIMIT), so a timeout is a 503 before anything is sent.
      return r;
    }
  }

  /**
   * Reads what is left of a request body after Fuseki answered. Fuseki refuses a write from its
   * headers alone; Jetty then closed the connection on the unread body, the client's body arrived
   * at a closed socket, and the reset could discard the 4xx before the client read it.
   */
  static final class ReadRefusedBody implements jakarta.servlet.Filter {
    static final long LIMIT = 1 << 20; // past it, closing is the right answer

    @Override
    public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res,
        jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
      chain.doFilter(req, res);
      if (req.getContentLengthLong() == 0) return;
      try {
        var in = req.getInputStream();
        byte[] buf = new byte[8192];
        long left = LIMIT;
        for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) left -= n;
      } catch (IllegalStateException alreadyReadAsText) {
        // the servlet took the body through getReader(): it is consumed
      } catch (java.io.IOException gone) {
        // the client went away: nothing to keep open
      }
    }
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
