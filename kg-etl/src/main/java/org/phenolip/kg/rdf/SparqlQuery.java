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

  /** What ran: the query form, the format written, and triples (graph forms), 1 (ASK) or -1 (SELECT: not counted). */
  public record Outcome(String form, ResultFormat format, long results) {}

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

  /** Parses with the PhenoKG prefixes predeclared; a syntax error names line and column. */
  public static Query parse(String text) {
    Query q = new Query();
    q.setPrefixMapping(PrefixMapping.Factory.create().setNsPrefixes(KgVocabulary.PREFIXES));
    try {
      return QueryFactory.parse(q, text, null, Syntax.syntaxARQ);
    } catch (QueryParseException e) {
      throw new IllegalArgumentException("malformed SPARQL query: " + e.getMessage().replace('\n', ' ').trim(), e);
    }
  }

  /**
   * Runs {@code text} over {@code graph} and writes the result to {@code out} (not closed).
   * {@code format} null picks the form's default: CSV for SELECT, TEXT for ASK, TURTLE for
   * CONSTRUCT/DESCRIBE. Output is streamed, so a timeout can cut it short after rows were
   * written; the exception then says so.
   */
  public static Outcome run(KgGraph graph, String text, ResultFormat format, long timeoutMs, OutputStream out) {
    if (timeoutMs <= 0) throw new IllegalArgumentException("timeout must be > 0 ms, got " + timeoutMs);
    Query q = parse(text);
    ResultFormat f = formatFor(q, format); // a wrong format fails before the query runs
    Dataset ds = graph.dataset();
    try {
      return Txn.calculateRead(ds, () -> {
        try (QueryExecution qe = QueryExecution.dataset(ds).query(q).timeout(timeoutMs, TimeUnit.MILLISECONDS).build()) {
          return execute(q, qe, f, out);
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

  private static Outcome execute(Query q, QueryExecution qe, ResultFormat f, OutputStream out) {
    if (q.isSelectType()) {
      ResultSet rs = qe.execSelect();
      switch (f) {
        case CSV -> ResultSetMgr.write(out, rs, ResultSetLang.RS_CSV);
        case TSV -> ResultSetMgr.write(out, rs, ResultSetLang.RS_TSV);
        case JSON -> ResultSetMgr.write(out, rs, ResultSetLang.RS_JSON);
        case TEXT -> ResultSetFormatter.out(out, rs, q.getPrefixMapping());
        default -> throw notFor(f, "SELECT", "csv, tsv, json or text");
      }
      // Jena's writers iterate their own row view, so rs cannot count what they wrote: -1.
      return new Outcome("SELECT", f, -1);
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
      Iterator<Triple> it = q.isConstructType() ? qe.execConstructTriples() : qe.execDescribeTriples();
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
