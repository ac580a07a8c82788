package org.phenolip.kg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.Progress;
import org.phenolip.kg.rdf.RdfExport;
import org.phenolip.kg.rdf.RdfStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phenolip kg export-rdf --kg DIR --out FILE [--format ttl|nt]}. */
@Command(name = "export-rdf", mixinStandardHelpOptions = true,
    description = "Write PhenoKG as RDF (HPO IRIs + the phenokg: vocabulary), streaming: Turtle or N-Triples.")
public final class ExportRdfCommand implements Callable<Integer> {
  @Mixin SparkOptions spark = new SparkOptions();

  @Option(names = "--kg", required = true, paramLabel = "DIR", description = "PhenoKG folder (Parquet datasets, or a published folder with CURRENT).")
  String kg;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file: .ttl or .nt, optionally .gz.")
  Path out;

  @Option(names = "--format", paramLabel = "ttl|nt", description = "RDF syntax (default: from the --out extension).")
  String format;

  @Option(names = "--stats", paramLabel = "FILE", description = "Also write the per-dataset counts and reject samples as JSON.")
  Path stats;

  @Override
  public Integer call() {
    RdfExport.Format f = format == null ? RdfExport.Format.forFile(out) : RdfExport.Format.of(format);
    SparkSession session = spark.session("phenolip-export-rdf");
    RdfStats s = RdfExport.export(session, kg, out, f);
    Progress.status("wrote " + out + " (" + f.extension() + "):\n" + s.summary());
    if (stats != null) Json.write(stats, s);
    return 0;
  }
}
