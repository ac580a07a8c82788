package org.phenolip.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phenolip ablate}: trains the grid init ∈ {random, teacher} × λ ∈ {0, default} with
 * each seed on one KG, scores every run on one benchmark (one {@code eval} call, each cell a
 * seed group), and writes the table of mean ± sd per cell and of paired differences with 95%
 * intervals, for seen and unseen phenotypes, plus a chart. Each step is the same CLI command a
 * user would run; finished runs (and a teacher trained here) are reused when the command is rerun.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true,
    description = "Ablation: stage 2 over init {random, teacher} x lambda {0, default} x seeds, scored on one benchmark;"
        + " writes ablation.json, ablation.md, chart and the full eval report.")
public final class AblateCommand implements Callable<Integer> {
  @Option(names = "--kg", required = true, description = "PhenoKG folder.")
  String kg;

  @Option(names = "--bench", required = true, description = "Benchmark folder from eval build-bench (bench.jsonl, excluded_articles.txt).")
  Path bench;

  @Option(names = "--teacher", description = "Stage-1 output folder; default: trained into OUT/teacher.")
  Path teacher;

  @Option(names = "--seeds", defaultValue = "3", description = "Seeds per cell (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--preset", defaultValue = "tiny", description = "Model preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--lambda", defaultValue = "1.0", description = "The default λ of the grid (default: ${DEFAULT-VALUE}).")
  float lambda;

  @Option(names = "--epochs", defaultValue = "10", description = "Stage-2 epochs per run (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Global batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--stage1-steps", defaultValue = "300", description = "Stage-1 steps when the teacher is trained here (default: ${DEFAULT-VALUE}).")
  int stage1Steps;

  @Option(names = "--systems", defaultValue = "integument,neoplasm,respiratory,breast",
      description = "Stage-1 systems when the teacher is trained here (default: ${DEFAULT-VALUE}).")
  String systems;

  @Option(names = "--image-tower", description = "A pretrained TorchScript image tower folder (tower.json + model.pt): adds the row "
      + "init teacher + this image tower, λ default, and its difference to init teacher, λ default (local, hdfs:// or s3a://).")
  String imageTower;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public Integer call() throws Exception {
    // eval groups runs of one name into a seed group only from 2 seeds on; one seed gives no spread either
    if (seeds < 2) throw new IllegalArgumentException("--seeds must be >= 2: the ablation compares cells over seeds");
    Path manifest = bench.resolve("bench.jsonl"), exclude = bench.resolve("excluded_articles.txt");
    if (!Files.isRegularFile(manifest) || !Files.isRegularFile(exclude)) {
      throw new IllegalArgumentException(bench + " is not a build-bench folder (needs bench.jsonl and excluded_articles.txt)");
    }
    Files.createDirectories(out);
    String[] common = {"--master", master};
    Path t = teacher != null ? teacher : out.resolve("teacher");
    if (teacher == null && !Files.isRegularFile(t.resolve("stage1_summary.json"))) {
      step("stage 1 teacher", new String[] {"train", "stage1", "--kg", kg, "--out", t.toString(), "--preset", preset,
          "--systems", systems, "--epochs", "10", "--max-steps", Integer.toString(stage1Steps), "--batch-size", "64", "--lr", "1e-3"}, common);
    }
    String lam = trim(lambda);
    List<String[]> grid = new ArrayList<>(List.of(new String[] {"random", "0"}, new String[] {"random", lam},
        new String[] {"teacher", "0"}, new String[] {"teacher", lam}));
    if (imageTower != null) grid.add(new String[] {"teacher+tower", lam});
    List<String> models = new ArrayList<>(), names = new ArrayList<>(), cells = new ArrayList<>();
    for (String[] g : grid) {
      String cell = "init " + g[0].replace("+tower", " + image tower") + " λ=" + g[1]; // no comma: eval's --name is comma-separated
      cells.add(cell);
      for (int s = 0; s < seeds; s++) {
        boolean tower = g[0].endsWith("+tower");
        Path dir = out.resolve("runs").resolve(g[0].replace('+', '-') + "-lambda" + g[1] + "-seed" + s);
        List<String> args = new ArrayList<>(List.of("train", "stage2", "--kg", kg, "--out", dir.toString(), "--teacher", t.toString(),
            "--init", tower ? "teacher" : g[0], "--lambda", g[1], "--seed", Integer.toString(s), "--preset", preset, "--epochs", Integer.toString(epochs),
            "--batch-size", Integer.toString(batch), "--lr", "1e-3", "--exclude-bench", exclude.toString()));
        if (tower) args.addAll(List.of("--image-tower", imageTower));
        // A finished run (its summary is written last) is reused: a rerun after a failure only does what is missing.
        if (!Files.isRegularFile(dir.resolve("stage2_summary.json"))) step(cell + ", seed " + s, args.toArray(String[]::new), common);
        models.add(dir.toString());
        names.add(cell);
      }
    }
    Path report = out.resolve("eval");
    step("score every run", new String[] {"eval", "--model", String.join(",", models), "--name", String.join(",", names),
        "--bench", manifest.toString(), "--kg", kg, "--out", report.toString()}, common);
    JsonNode metrics = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
    List<Ablation.Comparison> cmp = new ArrayList<>(List.of(
        new Ablation.Comparison("distillation, random init (λ=" + lam + " − λ=0)", cells.get(1), cells.get(0)),
        new Ablation.Comparison("distillation, teacher init (λ=" + lam + " − λ=0)", cells.get(3), cells.get(2)),
        new Ablation.Comparison("teacher init, no distillation (teacher − random)", cells.get(2), cells.get(0)),
        new Ablation.Comparison("PhenoLIP vs CLIP (teacher, λ=" + lam + " − random, λ=0)", cells.get(3), cells.get(0))));
    if (imageTower != null) {
      cmp.add(new Ablation.Comparison("pretrained image tower (teacher, λ=" + lam + ": with − without)", cells.get(4), cells.get(3)));
    }
    Map<String, Object> a = Ablation.analyse(metrics, cells, cmp);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kg", kg);
    json.put("bench", bench.toString());
    json.put("seeds", seeds);
    json.put("preset", preset);
    json.put("epochs", epochs);
    json.put("lambda", lambda);
    json.put("image_tower", imageTower);
    json.putAll(a);
    Json.write(out.resolve("ablation.json"), json);
    String md = "# Ablation\n\n`phenolip ablate --kg " + kg + " --bench " + bench + " --seeds " + seeds + " --preset " + preset
        + " --epochs " + epochs + "` — benchmark report with intervals in `eval/report.md`.\n\n" + Ablation.markdown(a, seeds);
    Files.writeString(out.resolve("ablation.md"), md, StandardCharsets.UTF_8);
    chart(a, cells, out.resolve("ablation_zero_shot.png"));
    System.out.println(md);
    System.out.println("ablation: " + out.resolve("ablation.md").toAbsolutePath() + " (ablation.json, ablation_zero_shot.png, eval/)");
    return 0;
  }

  static String trim(float f) {
    return f == Math.rint(f) ? String.format(Locale.ROOT, "%.0f", f) : Float.toString(f);
  }

  /** Bars: zero-shot top-1 per cell (mean ± sd over seeds) for seen, unseen and all rows, and chance. */
  @SuppressWarnings("unchecked")
  static void chart(Map<String, Object> a, List<String> cells, Path png) throws java.io.IOException {
    System.setProperty("java.awt.headless", "true");
    CategoryChart c = new CategoryChartBuilder().width(900).height(450).title("Ablation: zero-shot top-1 (mean ± sd over seeds)")
        .xAxisTitle("cell").yAxisTitle("top-1 accuracy (%)").build();
    Map<String, Object> cellJson = (Map<String, Object>) a.get("cells");
    Map<String, Object> chance = (Map<String, Object>) a.get("chance");
    for (String s : List.of("zero_shot/seen/top1", "zero_shot/unseen/top1", "zero_shot/micro/top1")) {
      if (!((List<String>) a.get("scores")).contains(s)) continue;
      List<Double> y = new ArrayList<>(), e = new ArrayList<>();
      for (String cell : cells) {
        Map<String, Object> st = (Map<String, Object>) ((Map<String, Object>) cellJson.get(cell)).get(s);
        y.add(100 * nz((Double) st.get("mean")));
        e.add(100 * nz((Double) st.get("sd")));
      }
      List<String> x = new ArrayList<>(cells);
      x.add("chance");
      y.add(100 * nz((Double) chance.get(s)));
      e.add(0.0);
      c.addSeries(s.split("/")[1], x, y, e);
    }
    BitmapEncoder.saveBitmap(c, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
  }

  private static double nz(Double v) {
    return v == null || Double.isNaN(v) ? 0 : v;
  }

  private static void step(String what, String[] args, String[] common) {
    List<String> l = new ArrayList<>(List.of(args));
    l.addAll(List.of(common));
    Progress.status("");
    Progress.status("[ablate] " + what + ": phenolip " + String.join(" ", l));
    int code = Phenolip.commandLine().execute(l.toArray(String[]::new));
    if (code != 0) throw new IllegalStateException("ablate step '" + what + "' failed with exit code " + code);
  }
}
