package org.phenolip.kg.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.core.spark.Progress;
import org.phenolip.kg.rdf.RdfExport;
import org.phenolip.kg.rdf.RdfStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phenolip kg export-rdf --kg DIR --out FILE|URI [--format ttl|nt]}. */
@Command(name = "export-rdf", mixinStandardHelpOptions = true,
    description = "Write PhenoKG as RDF (HPO IRIs + the phenokg: vocabulary), streaming: Turtle or N-Triples.")
public final class ExportRdfCommand implements Callable<Integer> {
  @Mixin SparkOptions spark = new SparkOptions();

  @Option(names = "--kg", required = true, paramLabel = "DIR", description = "PhenoKG folder (its current version is read); a local path or a Hadoop URI.")
  String kg;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file: .ttl or .nt, optionally .gz (a local path or a Hadoop URI; replaced only when the export is complete).")
  String out;

  @Option(names = "--format", paramLabel = "ttl|nt", description = "RDF syntax (default: from the --out extension).")
  String format;

  @Option(names = "--stats", paramLabel = "FILE", description = "Also write the per-dataset counts and reject samples as JSON (a local path or a Hadoop URI).")
  String stats;

  @Override
  public Integer call() {
    RdfExport.Format f = format == null ? RdfExport.Format.forFile(out) : RdfExport.Format.of(format);
    SparkSession session = spark.session("phenolip-export-rdf");
    RdfStats s = RdfExport.export(session, kg, Storage.uri(out), f);
    Progress.status("wrote " + out + " (" + f.extension() + "):\n" + s.summary());
    if (stats != null) {
      try {
        Storage.of(session).writeAtomic(Storage.uri(stats), Json.write(s));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + stats + ": " + e.getMessage(), e);
      }
    }
    return 0;
  }
}
