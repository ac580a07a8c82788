package org.phenolip.kg.cli;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.io.Storage;
import org.phenolip.core.spark.Progress;
import org.phenolip.kg.rdf.KgGraph;
import picocli.CommandLine.Option;

/**
 * Where the sparql and serve commands get the graph from (a picocli arg group, exactly one):
 * a PhenoKG folder of Parquet (read with Spark) or an RDF file from export-rdf (no Spark).
 */
public final class GraphSource {
  @Option(names = "--kg", paramLabel = "DIR", description = "PhenoKG folder (its current version is read); a local path or a Hadoop URI.")
  String kg;

  @Option(names = "--rdf", paramLabel = "FILE", description = "RDF file written by export-rdf (.ttl/.nt, optionally .gz); no Spark needed; a local path or a Hadoop URI (copied to this host once).")
  String rdf;

  /** Loads the graph; a Spark session is made only for --kg, and stopped when {@code stopSpark}. */
  /** Checks the source before anything is loaded: a KG folder that is a KG, or an RDF file. */
  void validate(SparkOptions sparkOptions) {
    org.phenolip.core.cli.Checks.master(sparkOptions.master, "--master");
    if (kg != null) org.phenolip.core.cli.Checks.kg(kg, "--kg");
    if (rdf != null && Storage.isLocal(rdf)) org.phenolip.core.cli.Checks.file(Storage.localPath(rdf), "--rdf");
  }

  KgGraph load(SparkOptions sparkOptions, String appName, boolean stopSpark) {
    if (rdf != null) {
      Progress.status("loading " + rdf + " ...");
      KgGraph g = KgGraph.fromRdf(localRdf(sparkOptions));
      Progress.status(String.format("loaded %d triples from %s", g.size(), rdf));
      return g;
    }
    SparkSession spark = sparkOptions.session(appName);
    try {
      KgGraph g = KgGraph.fromParquet(spark, Storage.uri(kg));
      Progress.status("graph of " + g.stats().kg() + ":\n" + g.stats().summary());
      return g;
    } finally {
      if (stopSpark) spark.stop();
    }
  }

  private Path localRdf(SparkOptions sparkOptions) {
    if (Storage.isLocal(rdf)) return Storage.localPath(rdf);
    try {
      return sparkOptions.storage().localTree(rdf);
    } catch (java.io.IOException e) {
      throw new org.phenolip.core.cli.UserError("--rdf " + rdf + ": " + e.getMessage());
    }
  }
}
