package org.phenolip.kg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.spark.JobStage;
import org.phenolip.core.spark.Progress;
import org.phenolip.core.kg.KgTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phenolip kg sql "SELECT ..." --kg KG [--format table|csv|json] [--kg-version N]}. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run a read-only Spark SQL query over a PhenoKG version. Views: phenotypes, edges, articles, "
        + "figures, pairs, negated_pairs (links a caption rules out), rejects, any curated table the version has, and history (one row per kept version and table, "
        + "with the manifest's row count).",
        "Arrays and structs print as JSON, image bytes as Base64 (table, csv); json prints one object per line."})
public final class SqlCommand implements Callable<Integer> {
  /** Statements that only read: anything else (CREATE, INSERT, DROP, SET, ...) is refused. */
  private static final Pattern READ_ONLY = Pattern.compile("^\\s*(\\(\\s*)*(SELECT|WITH|VALUES|TABLE|FROM|SHOW|DESCRIBE|DESC|EXPLAIN)\\b",
      Pattern.CASE_INSENSITIVE);

  @Parameters(index = "0", paramLabel = "SQL", description = "The query, e.g. \"SELECT system, count(*) FROM pairs GROUP BY system\".")
  String sql;

  @Option(names = "--kg", required = true, paramLabel = "KG", description = "PhenoKG folder (local path or Hadoop URI).")
  String kg;

  @Option(names = "--kg-version", paramLabel = "N", description = "Version to read: the KG version N (its version_index in the history view; `vN` too), read by Delta time travel; a KG built before Delta: a folder name (default: the current one).")
  String version;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table, csv or json (JSON lines) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "Print at most N rows; 0 prints all (default: 1000 for table, all for csv and json).")
  long limit;

  @Option(names = "--truncate", paramLabel = "N", defaultValue = "80", description = "table: cut cells longer than N characters; 0 keeps them whole (default: ${DEFAULT-VALUE}).")
  int truncate;

  @Mixin SparkOptions spark = new SparkOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SqlOutput.Format f = SqlOutput.Format.of(format);
    if (!READ_ONLY.matcher(sql).find()) {
      throw new IllegalArgumentException("kg sql runs read-only queries (SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE, EXPLAIN): "
          + firstWord(sql));
    }
    SparkSession session = spark.session("phenolip kg sql");
    KgTables tables = KgTables.open(session, kg, version);
    // Only the tables the query names become views: opening a table reads its footers, so this keeps a query short.
    tables.registerViews(t -> Pattern.compile("(?i)\\b" + t + "\\b").matcher(sql).find());
    Progress.status("PhenoKG version " + tables.version().index() + " (" + tables.version().name() + "): "
        + String.join(", ", tables.names()) + ", " + KgTables.HISTORY);
    Dataset<Row> result = query(session, sql);
    long max = limit >= 0 ? limit : f == SqlOutput.Format.TABLE ? 1000 : 0;
    PrintWriter out = spec.commandLine().getOut();
    long n = JobStage.run(session, "kg-sql", "query", () -> SqlOutput.print(result, f, max, truncate, out));
    out.flush();
    Progress.status(n + (n == 1 ? " row" : " rows") + (max > 0 && n == max ? " (--limit " + max + " reached)" : ""));
    return 0;
  }

  /** Parses and analyses the query; a mistake in it is one line naming what is wrong. */
  static Dataset<Row> query(SparkSession session, String sql) {
    try {
      return session.sql(sql);
    } catch (Exception e) { // ParseException, AnalysisException
      String m = String.valueOf(e.getMessage()).strip();
      int nl = m.indexOf('\n');
      throw new IllegalArgumentException("SQL: " + (nl < 0 ? m : m.substring(0, nl)), e);
    }
  }

  private static String firstWord(String s) {
    String t = s.strip();
    int sp = t.indexOf(' ');
    return (sp < 0 ? t : t.substring(0, sp)).toUpperCase(Locale.ROOT) + " ...";
  }
}
