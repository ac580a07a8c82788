package org.phenolip.kg.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.JobStage;
import org.phenolip.core.kg.KgTables;
import org.phenolip.kg.tables.PlainColumns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phenolip kg export --kg KG --out DIR --format parquet|csv|jsonl [--tables a,b]}: plain
 * files of one PhenoKG version for tools that cannot read the KG's own table format.
 * {@code DIR/<table>/part-*} per table, the version's {@code manifest.json}, and {@code export.json}
 * (version, format, rows per table) written last, so a reader that finds it finds every table.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write the tables of a PhenoKG version as plain Parquet, CSV or JSON-lines files.",
        "CSV: a header row per file; arrays and structs as JSON text, image bytes as Base64. JSON lines: image bytes as Base64."})
public final class ExportCommand implements Callable<Integer> {
  public static final String EXPORT_JSON = "export.json";

  enum Format {
    PARQUET, CSV, JSONL;

    static Format of(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown --format '" + s + "' (parquet, csv or jsonl)");
      }
    }
  }

  @Option(names = "--kg", required = true, paramLabel = "KG", description = "PhenoKG folder (local path or Hadoop URI).")
  String kg;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (local path or Hadoop URI); tables in it are replaced.")
  String out;

  @Option(names = "--format", required = true, paramLabel = "FMT", description = "parquet, csv or jsonl.")
  String format;

  @Option(names = "--tables", split = ",", paramLabel = "T", description = "Tables to write (default: every table of the version). history is accepted too.")
  List<String> only;

  @Option(names = "--kg-version", paramLabel = "N", description = "Version to export: the KG version N (its version_index in the history view; `vN` too), read by Delta time travel; a KG built before Delta: a folder name (default: the current one).")
  String version;

  @Option(names = "--no-images", description = "Leave out image bytes (the binary image columns of figures and pairs).")
  boolean noImages;

  @Option(names = "--files", paramLabel = "N", defaultValue = "0", description = "Files per table: 0 keeps Spark's partitioning, 1 writes one file (small KGs) (default: ${DEFAULT-VALUE}).")
  int files;

  @Mixin SparkOptions spark = new SparkOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Format f = Format.of(format);
    if (files < 0) throw new IllegalArgumentException("--files must be 0 or more: " + files);
    SparkSession session = spark.session("phenolip kg export");
    KgTables tables = KgTables.open(session, kg, version);
    List<String> names = only == null || only.isEmpty() ? tables.names() : only;
    Map<String, Dataset<Row>> chosen = new LinkedHashMap<>();
    for (String n : names) chosen.put(n.trim(), tables.table(n.trim())); // an unknown name fails before anything is written

    delete(session, EXPORT_JSON); // a reader never takes a half-replaced export for a finished one
    Map<String, Object> rows = new LinkedHashMap<>();
    for (var e : chosen.entrySet()) {
      Dataset<Row> df = noImages ? PlainColumns.withoutBinary(e.getValue()) : e.getValue();
      if (f == Format.CSV) df = PlainColumns.of(df);
      if (files > 0) df = df.coalesce(files);
      Dataset<Row> data = df.cache();
      String dest = new Path(out, e.getKey()).toString();
      long n = JobStage.run(session, "kg-export", e.getKey() + " -> " + dest, () -> {
        var w = data.write().mode(SaveMode.Overwrite);
        switch (f) {
          case PARQUET -> w.parquet(dest);
          case CSV -> w.option("header", "true").option("escape", "\"").csv(dest);
          case JSONL -> w.json(dest);
          default -> throw new IllegalStateException(f.name());
        }
        return data.count();
      });
      data.unpersist();
      rows.put(e.getKey(), n);
      spec.commandLine().getOut().printf("  %-14s %,9d rows -> %s%n", e.getKey(), n, dest);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("kg", kg);
    summary.put("version", tables.version().name());
    summary.put("version_index", tables.version().index());
    summary.put("format", f.name().toLowerCase(Locale.ROOT));
    summary.put("images", !noImages);
    summary.put("tables", rows);
    writeSmall(session, tables.manifestText(), PhenoKg.MANIFEST);
    writeSmall(session, Json.write(summary), EXPORT_JSON);
    spec.commandLine().getOut().println("PhenoKG version " + tables.version().index() + " (" + tables.version().name() + ") exported to " + out);
    return 0;
  }

  private void delete(SparkSession session, String name) {
    Path p = new Path(out, name);
    try {
      p.getFileSystem(session.sparkContext().hadoopConfiguration()).delete(p, false);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write to " + out + ": " + e.getMessage(), e);
    }
  }

  private void writeSmall(SparkSession session, String text, String name) {
    if (text == null) return;
    Path p = new Path(out, name);
    try {
      FileSystem fs = p.getFileSystem(session.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(p, true)) {
        os.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }
}
