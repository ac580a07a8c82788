package org.phenolip.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.spark.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phenolip pipeline}: every stage built so far, end to end, on the bundled sample —
 * the PMC mirror (kg fetch from the miniature PMC Cloud Service bucket), PhenoKG, a held-out benchmark, the stage-1 teacher, stage 2 with and without distillation,
 * and the evaluation report comparing them with a random model. Each step is the same CLI
 * command a user would run, so the pipeline exercises exactly what users get.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run kg fetch -> kg build -> curate -> eval build-bench -> train stage1 -> train stage2 (PhenoLIP and --no-distill) -> eval, "
        + "on the bundled sample by default, into one output folder.")
public final class PipelineCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "out/pipeline", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--data", description = "The bundled data folder (default: the repository's data/).")
  Path data;

  @Option(names = "--hpo", description = "HPO release (default: data/hpo/hp.v2024-08-13.json.gz).")
  Path hpo;

  @Option(names = "--pmc", split = ",", description = "PMC inputs (default: data/pmc and the mirror kg fetch writes from --bucket).")
  List<Path> pmc;

  @Option(names = "--bucket", description = "The PMC Cloud Service layout to fetch from, a folder or URL (default: data/sample/pmc-cloud).")
  String bucket;

  @Option(names = "--preset", defaultValue = "tiny", description = "Model preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--stage1-steps", defaultValue = "300", description = "Stage-1 steps (default: ${DEFAULT-VALUE}).")
  int stage1Steps;

  @Option(names = "--stage2-epochs", defaultValue = "15", description = "Stage-2 epochs (default: ${DEFAULT-VALUE}).")
  int stage2Epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Global batch of both stages (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--workers", defaultValue = "1", description = "Data-parallel replicas for training (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--probe", split = ",", description = "Linear-probe data sets name=path, or none (default: isic=data/images/isic_9class/train_subset).")
  List<String> probes;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public Integer call() throws Exception {
    Path d = data != null ? data : Path.of(System.getProperty("phenolip.home", "."), "data");
    if (!Files.isDirectory(d)) throw new IllegalArgumentException("bundled data folder not found: " + d + " (use --data)");
    Path h = hpo != null ? hpo : d.resolve("hpo/hp.v2024-08-13.json.gz");
    Files.createDirectories(out);
    Path mirror = out.resolve("pmc-mirror");
    List<Path> p = pmc != null ? pmc : List.of(d.resolve("pmc"), mirror);
    String kg = out.resolve("kg").toString();
    String bench = out.resolve("bench").toString();
    String teacher = out.resolve("teacher").toString();
    String phenolip = out.resolve("phenolip").toString();
    String clip = out.resolve("clip").toString();
    String report = out.resolve("report").toString();
    String workersOpt = Integer.toString(workers);
    String[] common = {"--master", master};

    if (pmc == null) {
      String src = bucket != null ? bucket : d.resolve("sample/pmc-cloud").toAbsolutePath().normalize().toUri().toString();
      step(1, "fetch PMC articles (the bundled miniature bucket)", join(new String[] {"kg", "fetch", "--source", src,
          "--out", mirror.toString()}, common));
    }
    step(2, "build PhenoKG", join(new String[] {"kg", "build", "--hpo", h.toString(), "--pmc",
        String.join(",", p.stream().map(Path::toString).toList()), "--out", kg}, common));
    String curated = out.resolve("curated").toString();
    step(3, "curate subfigure-subcaption pairs", join(new String[] {"curate", "--kg", kg, "--out", curated}, common));
    List<String> buildBench = new ArrayList<>(List.of("eval", "build-bench", "--kg", kg, "--out", bench, "--fraction", "0.2"));
    // The sample's ground truth gives the labels of record and marks compound figures.
    List<Path> truth = new ArrayList<>();
    for (Path src : p) truth.add(src.resolve("ground_truth.jsonl"));
    if (pmc == null) truth.add(d.resolve("sample/pmc-oa/ground_truth.jsonl")); // the bucket was made from these packages
    for (Path t : truth) {
      if (Files.isRegularFile(t)) buildBench.addAll(List.of("--ground-truth", t.toString()));
    }
    step(4, "draw the held-out benchmark", join(buildBench.toArray(String[]::new), common));
    String exclude = Path.of(bench, "excluded_articles.txt").toString();
    step(5, "stage 1: phenotype text encoder (teacher)", join(new String[] {"train", "stage1", "--kg", kg, "--out", teacher,
        "--preset", preset, "--systems", "integument,neoplasm,respiratory,breast", "--epochs", "10",
        "--max-steps", Integer.toString(stage1Steps),
        "--batch-size", "64", "--lr", "1e-3", "--workers", workersOpt}, common));
    String[] stage2 = {"--kg", kg, "--curated", curated, "--preset", preset, "--epochs", Integer.toString(stage2Epochs),
        "--batch-size", Integer.toString(batch), "--lr", "1e-3", "--exclude-bench", exclude, "--workers", workersOpt};
    step(6, "stage 2: CLIP + teacher-guided distillation (PhenoLIP)",
        join(join(new String[] {"train", "stage2", "--out", phenolip, "--teacher", teacher}, stage2), common));
    step(7, "stage 2 baseline: plain CLIP (--no-distill)",
        join(join(new String[] {"train", "stage2", "--out", clip, "--no-distill"}, stage2), common));
    List<String> eval = new ArrayList<>(List.of("eval",
        "--model", "random:" + preset + "," + clip + "," + phenolip, "--name", "Random init,CLIP (no distill),PhenoLIP",
        "--bench", Path.of(bench, "bench.jsonl").toString(), "--kg", kg, "--out", report, "--probe-seeds", "2",
        "--save-embeddings")); // report/embeddings/<model>: the nearest-neighbour views of notebooks/04
    List<String> ps = probes != null ? probes : List.of("isic=" + d.resolve("images/isic_9class/train_subset"));
    for (String probe : ps) {
      if (!probe.equals("none")) eval.addAll(List.of("--probe", probe));
    }
    step(8, "evaluate: random init vs CLIP vs PhenoLIP", join(eval.toArray(String[]::new), common));

    System.out.println();
    System.out.println("PhenoLIP pipeline finished. Results in " + out.toAbsolutePath() + ":");
    if (pmc == null) System.out.println("  PMC mirror (kg fetch, fetch log)    " + mirror.toAbsolutePath());
    System.out.println("  PhenoKG (Parquet + manifest.json)   " + Path.of(kg).toAbsolutePath());
    System.out.println("  curated pairs (Delta, manifest.json) " + Path.of(curated).toAbsolutePath());
    System.out.println("  benchmark (bench.jsonl)             " + Path.of(bench).toAbsolutePath());
    System.out.println("  teacher / PhenoLIP / CLIP models    " + Path.of(teacher, "model").toAbsolutePath() + ", "
        + Path.of(phenolip, "model").toAbsolutePath() + ", " + Path.of(clip, "model").toAbsolutePath());
    System.out.println("  report                              " + Path.of(report, "report.html").toAbsolutePath()
        + " (report.md, metrics.json)");
    return 0;
  }

  private static void step(int n, String what, String[] args) {
    Progress.status("");
    Progress.status("[pipeline " + n + "/8] " + what + ": phenolip " + String.join(" ", args));
    int code = Phenolip.commandLine().execute(args);
    if (code != 0) throw new IllegalStateException("pipeline step " + n + " (" + what + ") failed with exit code " + code);
  }

  private static String[] join(String[] a, String[] b) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of(b));
    return l.toArray(String[]::new);
  }
}
