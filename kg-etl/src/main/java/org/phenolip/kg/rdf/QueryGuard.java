package org.phenolip.kg.rdf;

import java.util.Locale;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.service.ServiceExecutorRegistry;
import org.apache.jena.sparql.util.Context;

/**
 * What a query over PhenoKG may reach: the served graph and nothing else. A query that names
 * anything outside it — {@code SERVICE} (a remote endpoint, any URL), {@code FROM} /
 * {@code FROM NAMED} (a graph to load by URL or file) — is refused before it runs, with one
 * line saying why; SPARQL Update ({@code LOAD}, …) is not a query and does not parse. Behind
 * that, {@link #lockDown(Context)} removes ARQ's SERVICE executors, so even a query that slipped
 * past the check could not make a request.
 */
public final class QueryGuard {
  private QueryGuard() {}

  static {
    // process-wide: no SERVICE execution in this JVM's ARQ (kg sparql, kg serve)
    ARQ.globalServiceAllowed = false;
  }

  /** Null when the query may run, else a one-line reason. */
  public static String problem(Query q) {
    if (q.hasDatasetDescription()) {
      return "FROM / FROM NAMED are not allowed: a query reads the served PhenoKG only, never a graph by URL or file";
    }
    Op op = Algebra.compile(q);
    // The algebra includes sub-queries and EXISTS patterns; "(service" is how SSE writes OpService.
    if (op.toString().toLowerCase(Locale.ROOT).contains("(service ")) {
      return "SERVICE is not allowed: a query reads the served PhenoKG only, never another endpoint or URL";
    }
    return null;
  }

  /** Throws {@link IllegalArgumentException} with {@link #problem} when the query may not run. */
  public static void check(Query q) {
    String p = problem(q);
    if (p != null) throw new IllegalArgumentException(p);
  }

  /** Turns off SERVICE execution in {@code context}: the HTTP service flag off and no executors. */
  public static Context lockDown(Context context) {
    context.set(ARQ.httpServiceAllowed, false);
    ServiceExecutorRegistry.set(context, new ServiceExecutorRegistry());
    return context;
  }

  /** Loaded (and so the process-wide switch thrown) before any query runs. */
  public static void init() {
    // the static initialiser does the work
  }
}
