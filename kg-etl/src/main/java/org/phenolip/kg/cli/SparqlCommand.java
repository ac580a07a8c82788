package org.phenolip.kg.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.io.Storage;
import org.phenolip.core.spark.Progress;
import org.phenolip.kg.rdf.KgGraph;
import org.phenolip.kg.rdf.SparqlQuery;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phenolip kg sparql --kg DIR --query Q|@file.rq [--format csv|tsv|json]}. */
@Command(name = "sparql", mixinStandardHelpOptions = true,
    description = "Answer a SPARQL query over PhenoKG (graph built in memory from the Parquet KG, or loaded from an export).")
public final class SparqlCommand implements Callable<Integer> {
  @Mixin SparkOptions spark = new SparkOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  GraphSource source;

  @ArgGroup(exclusive = true, multiplicity = "1")
  QuerySource querySource;

  /** The query inline (or @file.rq where the root command line does not expand @-files), or from a file. */
  static final class QuerySource {
    @Option(names = "--query", paramLabel = "Q|@FILE", description = "The query, or @file.rq. PhenoKG prefixes (obo:, oboInOwl:, phenokg:, rdfs:, owl:, dcterms:, bibo:) are predeclared.")
    String query;

    @Option(names = "--query-file", paramLabel = "FILE", description = "Read the query from FILE (same as --query @FILE; use it when the CLI expands @-files).")
    java.nio.file.Path file;

    String text() {
      return file != null ? SparqlQuery.queryText("@" + file) : SparqlQuery.queryText(query);
    }
  }

  @Option(names = "--format", paramLabel = "FMT", description = "csv|tsv|json|text for SELECT (default csv); json|text for ASK (default text); ttl|nt for CONSTRUCT/DESCRIBE (default ttl).")
  String format;

  @Option(names = "--timeout-ms", paramLabel = "N", defaultValue = "60000", description = "Query timeout in milliseconds (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = "--max-results", paramLabel = "N", defaultValue = "100000", description = "At most N rows (SELECT) or solutions (CONSTRUCT/DESCRIBE); past it the output is complete with N and a warning (default: ${DEFAULT-VALUE}).")
  long maxResults;

  @Option(names = "--out", paramLabel = "FILE", description = "Write results here (a local path or a Hadoop URI; replaced only when the query completes) instead of stdout.")
  String out;

  @Override
  public Integer call() {
    org.phenolip.core.cli.Checks.atLeast(timeoutMs, 1, "--timeout-ms");
    org.phenolip.core.cli.Checks.atLeast(maxResults, 1, "--max-results");
    source.validate(spark);
    String text = querySource.text();
    SparqlQuery.parse(text); // fail fast on a malformed query, before the graph is built
    SparqlQuery.ResultFormat f = format == null ? null : SparqlQuery.ResultFormat.of(format);
    KgGraph graph = source.load(spark, "phenolip-sparql", false);
    SparqlQuery.Outcome o;
    if (out == null) {
      OutputStream os = new BufferedOutputStream(System.out);
      o = SparqlQuery.run(graph, text, f, timeoutMs, maxResults, os);
      flush(os);
    } else {
      o = toFile(graph, text, f, spark.storage());
    }
    String fmt = o.format().name().toLowerCase(java.util.Locale.ROOT);
    if (o.truncated()) Progress.status("results cut at --max-results " + maxResults + " (the output is complete up to there)");
    Progress.status(o.results() < 0 ? String.format("%s: done (%s)", o.form(), fmt)
        : String.format("%s: %d %s (%s)", o.form(), o.results(), o.form().equals("ASK") ? "answer"
            : o.form().equals("SELECT") ? "rows" : "triples", fmt));
    return 0;
  }

  private SparqlQuery.Outcome toFile(KgGraph graph, String text, SparqlQuery.ResultFormat f, Storage storage) {
    try (Storage.Replacement file = storage.replace(Storage.uri(out))) {
      OutputStream os = new BufferedOutputStream(file);
      SparqlQuery.Outcome o = SparqlQuery.run(graph, text, f, timeoutMs, maxResults, os);
      os.flush();
      file.commit();
      return o;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private static void flush(OutputStream os) {
    try {
      os.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
