package org.phenolip.kg.rdf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.Syntax;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.system.Txn;

/**
 * Answers one SPARQL query over a {@link KgGraph}: SELECT as CSV, TSV, JSON or a text table;
 * ASK as JSON or text; CONSTRUCT/DESCRIBE as Turtle or N-Triples (streamed). The PhenoKG
 * prefixes ({@link KgVocabulary#PREFIXES}) are predeclared. Every query runs under a
 * timeout; a malformed query or a timeout is an exception with a one-line message.
 */
public final class SparqlQuery {
  private SparqlQuery() {}

  public static final long DEFAULT_TIMEOUT_MS = 60_000;
  /** Rows (SELECT) or solutions (CONSTRUCT/DESCRIBE) one query may return. */
  public static final long DEFAULT_MAX_RESULTS = 100_000;

  public enum ResultFormat {
    CSV, TSV, JSON, TEXT, TURTLE, NTRIPLES;

    public static ResultFormat of(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "csv" -> CSV;
        case "tsv" -> TSV;
        case "json" -> JSON;
        case "text", "txt" -> TEXT;
        case "ttl", "turtle" -> TURTLE;
        case "nt", "ntriples", "n-triples" -> NTRIPLES;
        default -> throw new IllegalArgumentException(
            "unknown result format '" + name + "' (expected csv, tsv, json, text, ttl or nt)");
      };
    }
  }

  /** A query that ran past its timeout. */
  public static final class TimeoutException extends IllegalStateException {
    public TimeoutException(long ms) {
      super("SPARQL query cancelled: it ran past its timeout of " + ms + " ms");
    }
  }

  /**
   * What ran: the query form, the format written, rows (SELECT), triples (graph forms) or 1
   * (ASK), and whether the result was cut at the maximum (the document is still complete).
   */
  public record Outcome(String form, ResultFormat format, long results, boolean truncated) {
    public Outcome(String form, ResultFormat format, long results) {
      this(form, format, results, false);
    }
  }

  /**
   * Lowers the query's LIMIT so at most {@code max} results come back: {@code max + 1} rows for
   * SELECT (the extra row tells that there were more), {@code max} solutions for CONSTRUCT/DESCRIBE.
   */
  public static void capLimit(Query q, long max) {
    long cap = q.isSelectType() ? max + 1 : max;
    if (!q.hasLimit() || q.getLimit() > cap) q.setLimit(cap);
  }

  /** The query text of {@code arg}: the argument itself, or the content of a file when it starts with '@'. */
  public static String queryText(String arg) {
    if (arg == null || arg.isBlank()) throw new IllegalArgumentException("empty SPARQL query");
    if (!arg.startsWith("@")) return arg;
    Path p = Path.of(arg.substring(1));
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read query file " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses with the PhenoKG prefixes predeclared; a syntax error names line and column, and a
   * query that reaches outside the graph (SERVICE, FROM) is refused ({@link QueryGuard}).
   */
  public static Query parse(String text) {
    QueryGuard.init();
    Query q = new Query();
    q.setPrefixMapping(PrefixMapping.Factory.create().setNsPrefixes(KgVocabulary.PREFIXES));
    try {
      q = QueryFactory.parse(q, text, null, Syntax.syntaxARQ);
    } catch (QueryParseException e) {
      String msg = e.getMessage().replace('\n', ' ').trim();
      String head = text.stripLeading().toUpperCase(Locale.ROOT);
      if (head.startsWith("LOAD") || head.startsWith("INSERT") || head.startsWith("DELETE") || head.startsWith("CLEAR")
          || head.startsWith("DROP") || head.startsWith("CREATE") || head.startsWith("COPY") || head.startsWith("MOVE")
          || head.startsWith("ADD")) {
        throw new IllegalArgumentException("SPARQL Update (LOAD, INSERT, …) is not accepted: PhenoKG is read-only", e);
      }
      throw new IllegalArgumentException("malformed SPARQL query: " + msg, e);
    }
    QueryGuard.check(q);
    return q;
  }

  /**
   * Runs {@code text} over {@code graph} and writes the result to {@code out} (not closed).
   * {@code format} null picks the form's default: CSV for SELECT, TEXT for ASK, TURTLE for
   * CONSTRUCT/DESCRIBE. Output is streamed, so a timeout can cut it short after rows were
   * written; the exception then says so.
   */
  public static Outcome run(KgGraph graph, String text, ResultFormat format, long timeoutMs, OutputStream out) {
    return run(graph, text, format, timeoutMs, DEFAULT_MAX_RESULTS, out);
  }

  /**
   * As {@link #run(KgGraph, String, ResultFormat, long, OutputStream)}, with at most
   * {@code maxResults} rows (SELECT) or solutions (CONSTRUCT/DESCRIBE). The result is collected
   * within the timeout before anything is written, so a timeout writes nothing, and a result
   * over the cap is written whole and well formed with {@code maxResults} rows, {@code truncated}.
   */
  public static Outcome run(KgGraph graph, String text, ResultFormat format, long timeoutMs, long maxResults,
      OutputStream out) {
    if (timeoutMs <= 0) throw new IllegalArgumentException("timeout must be > 0 ms, got " + timeoutMs);
    if (maxResults < 1) throw new IllegalArgumentException("max results must be >= 1, got " + maxResults);
    Query q = parse(text);
    ResultFormat f = formatFor(q, format); // a wrong format fails before the query runs
    capLimit(q, maxResults);
    Dataset ds = graph.dataset();
    try {
      return Txn.calculateRead(ds, () -> {
        try (QueryExecution qe = QueryExecution.dataset(ds).query(q).timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .context(QueryGuard.lockDown(new org.apache.jena.sparql.util.Context())).build()) {
          return execute(q, qe, f, maxResults, out);
        }
      });
    } catch (QueryCancelledException e) {
      throw new TimeoutException(timeoutMs);
    }
  }

  /** The format to write {@code q}'s result in: {@code requested}, or the form's default; checked against the form. */
  public static ResultFormat formatFor(Query q, ResultFormat requested) {
    if (q.isSelectType()) {
      ResultFormat f = requested == null ? ResultFormat.CSV : requested;
      if (f == ResultFormat.TURTLE || f == ResultFormat.NTRIPLES) throw notFor(f, "SELECT", "csv, tsv, json or text");
      return f;
    }
    if (q.isAskType()) {
      ResultFormat f = requested == null ? ResultFormat.TEXT : requested;
      if (f != ResultFormat.JSON && f != ResultFormat.TEXT) throw notFor(f, "ASK", "json or text");
      return f;
    }
    if (q.isConstructType() || q.isDescribeType()) {
      ResultFormat f = requested == null ? ResultFormat.TURTLE : requested;
      if (f != ResultFormat.TURTLE && f != ResultFormat.NTRIPLES) {
        throw notFor(f, q.isConstructType() ? "CONSTRUCT" : "DESCRIBE", "ttl or nt");
      }
      return f;
    }
    throw new IllegalArgumentException("unsupported SPARQL query form (expected SELECT, ASK, CONSTRUCT or DESCRIBE)");
  }

  private static Outcome execute(Query q, QueryExecution qe, ResultFormat f, long maxResults, OutputStream out) {
    if (q.isSelectType()) {
      // collect first (at most maxResults + 1 rows, within the timeout), then write
      org.apache.jena.query.ResultSetRewindable all = org.apache.jena.query.ResultSetFactory.copyResults(qe.execSelect());
      boolean truncated = all.size() > maxResults;
      ResultSet rs = all;
      if (truncated) {
        java.util.List<org.apache.jena.sparql.engine.binding.Binding> rows = new java.util.ArrayList<>();
        for (int i = 0; i < maxResults; i++) rows.add(all.nextBinding());
        rs = ResultSet.adapt(org.apache.jena.sparql.exec.RowSet.create(
            org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper.create(rows.iterator()),
            org.apache.jena.sparql.core.Var.varList(all.getResultVars())));
      }
      long n = Math.min(all.size(), maxResults);
      switch (f) {
        case CSV -> ResultSetMgr.write(out, rs, ResultSetLang.RS_CSV);
        case TSV -> ResultSetMgr.write(out, rs, ResultSetLang.RS_TSV);
        case JSON -> ResultSetMgr.write(out, rs, ResultSetLang.RS_JSON);
        case TEXT -> ResultSetFormatter.out(out, rs, q.getPrefixMapping());
        default -> throw notFor(f, "SELECT", "csv, tsv, json or text");
      }
      return new Outcome("SELECT", f, n, truncated);
    }
    if (q.isAskType()) {
      boolean answer = qe.execAsk();
      switch (f) {
        case JSON -> ResultSetMgr.write(out, answer, ResultSetLang.RS_JSON);
        case TEXT -> write(out, answer + "\n");
        default -> throw notFor(f, "ASK", "json or text");
      }
      return new Outcome("ASK", f, 1);
    }
    if (q.isConstructType() || q.isDescribeType()) {
      String form = q.isConstructType() ? "CONSTRUCT" : "DESCRIBE";
      Lang lang = switch (f) {
        case TURTLE -> Lang.TURTLE;
        case NTRIPLES -> Lang.NTRIPLES;
        default -> throw notFor(f, form, "ttl or nt");
      };
      // collect first (from at most maxResults solutions, within the timeout), then write
      java.util.List<Triple> triples = new java.util.ArrayList<>();
      (q.isConstructType() ? qe.execConstructTriples() : qe.execDescribeTriples()).forEachRemaining(triples::add);
      Iterator<Triple> it = triples.iterator();
      StreamRDF w = StreamRDFWriter.getWriterStream(out, lang);
      w.start();
      KgVocabulary.PREFIXES.forEach(w::prefix);
      long n = 0;
      while (it.hasNext()) {
        w.triple(it.next());
        n++;
      }
      w.finish();
      return new Outcome(form, f, n);
    }
    throw new IllegalArgumentException("unsupported SPARQL query form (expected SELECT, ASK, CONSTRUCT or DESCRIBE)");
  }

  private static IllegalArgumentException notFor(ResultFormat f, String form, String allowed) {
    return new IllegalArgumentException("format " + f.name().toLowerCase(Locale.ROOT) + " does not apply to a "
        + form + " query (use " + allowed + ")");
  }

  private static void write(OutputStream out, String s) {
    try {
      out.write(s.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
