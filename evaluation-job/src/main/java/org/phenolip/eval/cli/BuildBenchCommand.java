package org.phenolip.eval.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.Checks;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.eval.bench.BuildBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phenolip eval build-bench --kg DIR --out DIR}. */
@Command(name = "build-bench", mixinStandardHelpOptions = true,
    description = "Draw a PhenoBench-style benchmark from PhenoKG pairs, held out by article, grouped by imaging domain (else system),"
        + " de-duplicated; optional ground truth labels and held-out (unseen) phenotypes."
        + " Writes bench.jsonl + images/, phenotypes.jsonl, excluded_articles.txt (for training's --exclude-bench), rejects.jsonl, build.json.")
public final class BuildBenchCommand implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(names = "--kg", required = true, description = "PhenoKG folder (from `kg build`: Delta tables, its current version), a local path or a Hadoop URI.")
  String kg;

  @Option(names = "--out", required = true, description = "Output folder: a local path or a Hadoop URI (hdfs://, s3a://).")
  String out;

  @Option(names = "--fraction", defaultValue = "0.1", description = "Share of each system's figures to hold out (default ${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--size", defaultValue = "0", description = "Target number of rows instead of --fraction (0 = use --fraction).")
  int size;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the article draw (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--ground-truth", description = "The source's ground_truth.jsonl (figure_id, hpo_ids, compound), a path or URI: labels of record; compound figures left out.")
  String groundTruth;

  @Option(names = "--holdout-phenotypes", split = ",", description = "HPO ids whose figures go only to the benchmark (the unseen split).")
  java.util.List<String> holdout = new java.util.ArrayList<>();

  @Option(names = "--holdout-fraction", defaultValue = "0", description = "Instead: hold out this seeded share of the linked phenotypes (default ${DEFAULT-VALUE}).")
  double holdoutFraction;

  @Override
  public Integer call() {
    Checks.master(spark.master, "--master");
    Checks.kg(kg, "--kg");
    if (groundTruth != null && org.phenolip.core.io.Storage.isLocal(groundTruth)) {
      Checks.file(org.phenolip.core.io.Storage.localPath(groundTruth), "--ground-truth");
    }
    var folder = org.phenolip.core.io.OutputFolder.of(out, "--out");
    Checks.atLeast(size, 0, "--size");
    if (size == 0) Checks.fraction(fraction, "--fraction");
    var s = BuildBench.run(spark.session("phenolip eval build-bench"), kg, folder,
        new BuildBench.Options(fraction, size, seed, groundTruth, holdout, holdoutFraction));
    System.out.printf("benchmark: %d rows from %d of %d articles (%d candidate figures, rejects %s), grouped by %s -> %s%n",
        s.kept(), s.benchArticles(), s.articles(), s.candidates(), s.rejectsByReason(), s.groupedBy(), folder.show(BuildBench.MANIFEST));
    if (!s.heldOut().isEmpty()) System.out.printf("held-out phenotypes %s: %d unseen rows%n", s.heldOut(), s.unseenRows());
    System.out.println("training must exclude: " + folder.show(BuildBench.EXCLUDED));
    return 0;
  }
}
