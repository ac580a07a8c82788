package org.phenolip.kg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.kg.build.KgBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build PhenoKG: HPO phenotypes + PMC figure-caption pairs linked to them, as Parquet (published atomically).")
public final class BuildCommand implements Callable<Integer> {
  @Option(names = "--hpo", required = true, description = "HPO release: hp.json[.gz], hp.obo[.gz] or hp.owl (a local path or a Hadoop URI).")
  String hpo;

  @Option(names = "--pmc", required = true, split = ",",
      description = "Folders (or files) of JATS articles (.nxml/.xml), PMC OA packages (.tar.gz), or kg fetch mirrors "
          + "(PMC<id>.<v>/ version folders; also as hdfs://, s3a:// or file: URIs); comma-separated or repeated.")
  List<String> pmc;

  @Option(names = "--out", required = true, description = "PhenoKG folder (local path or Hadoop URI).")
  String out;

  @Option(names = "--related-synonyms", description = "Also link HPO related synonyms (lower-confidence tier).")
  boolean related;

  @Option(names = "--force", description = "Rebuild even when the manifest says the inputs are unchanged.")
  boolean force;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    org.phenolip.core.cli.Checks.master(spark.master, "--master");
    if (org.phenolip.core.io.Storage.isLocal(hpo)) org.phenolip.core.cli.Checks.file(org.phenolip.core.io.Storage.localPath(hpo), "--hpo");
    for (String p : pmc) {
      if (!p.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*")) org.phenolip.core.cli.Checks.exists(Path.of(p), "--pmc");
    }
    if (!out.contains("://") || out.startsWith("file:")) {
      var o = java.nio.file.Path.of(out.startsWith("file:") ? java.net.URI.create(out).getPath() : out);
      org.phenolip.core.cli.Checks.outputDir(o, "--out");
    }
    var session = spark.session("phenolip kg build");
    List<Path> local = new java.util.ArrayList<>();
    List<String> uris = new java.util.ArrayList<>();
    for (String p : pmc) {
      if (p.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*")) uris.add(p);
      else local.add(Path.of(p));
    }
    var r = new KgBuild(session).run(new KgBuild.Options(hpo, local, out, related, force, org.phenolip.kg.pmc.PmcLimits.DEFAULT, uris));
    var m = r.manifest();
    System.out.println((r.upToDate() ? "PhenoKG up to date: " : "PhenoKG written: ") + r.kg() + " (version " + r.kgVersion() + ")");
    m.datasets().forEach((k, v) -> System.out.printf("  %-11s %,9d rows%s%n", k, v.rows(),
        v.partitions().isEmpty() ? "" : "  (" + v.partitions().size() + " " + PhenoKg.SYSTEM + " partitions)"));
    System.out.println("  reconciliation: " + m.reconciliation());
    return 0;
  }
}
