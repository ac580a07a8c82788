package org.phenolip.eval.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.Checks;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.cli.UserError;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.OutputFolder;
import org.phenolip.core.io.Storage;
import org.phenolip.core.spark.Progress;
import org.phenolip.eval.bench.BenchManifest;
import org.phenolip.eval.bench.BuildBench;
import org.phenolip.eval.bench.Loaded;
import org.phenolip.eval.bench.PhenotypeTable;
import org.phenolip.eval.bench.Reject;
import org.phenolip.eval.embed.EmbeddingModelFactory;
import org.phenolip.eval.embed.ModelCache;
import org.phenolip.eval.embed.ModelSpecs;
import org.phenolip.eval.embed.PhenolipModelProvider;
import org.phenolip.eval.metrics.Matching;
import org.phenolip.eval.metrics.PromptTemplates;
import org.phenolip.eval.metrics.ZeroShot;
import org.phenolip.eval.probe.LinearProbe;
import org.phenolip.eval.report.BenchInfo;
import org.phenolip.eval.report.Report;
import org.phenolip.eval.report.TrainingSection;
import org.phenolip.eval.run.Evaluator;
import org.phenolip.eval.run.ModelScores;
import org.phenolip.eval.run.ProbeData;
import org.phenolip.eval.run.TrainingOverlap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phenolip eval --model DIR[,DIR...] --bench FILE --out DIR}: scores models side by side and writes the report. */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = BuildBenchCommand.class,
    description = "Score models on a PhenoBench-style benchmark (zero-shot, retrieval, matching) and linear probes;"
        + " writes metrics.json, report.md, report.html and charts/.")
public final class EvalCommand implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Option(names = "--model", split = ",", converter = EvalConverters.ModelConverter.class,
      description = "Model(s) side by side: checkpoint folders, or " + ModelSpecs.RANDOM_PROJECTION + "[:DIM:SIDE:SEED].")
  List<EvalConverters.ModelArg> models;

  @Option(names = "--name", split = ",", description = "Display names, one per --model (default: the model's own name).")
  List<String> names = new ArrayList<>();

  @Option(names = "--bench", description = "Benchmark manifest (.jsonl or Parquet).")
  String bench;

  @Option(names = "--phenotypes", description = "Phenotype table (phenotypes.jsonl), a path or URI; default: the one beside the manifest.")
  String phenotypes;

  @Option(names = "--kg", description = "Take phenotype names from this PhenoKG instead of phenotypes.jsonl.")
  String kg;

  @Option(names = "--out", description = "Output folder for the report (required; a local folder, or an hdfs:// or s3a:// URI).")
  String out;

  @Option(names = "--save-embeddings", description = "Also write embeddings as Parquet (id, kind, vector) under OUT/embeddings/<model>.")
  boolean saveEmbeddings;

  @Option(names = "--candidates", defaultValue = "system", converter = EvalConverters.CandidatesConverter.class,
      description = "Zero-shot candidates: system (the image's system's phenotypes) or all.")
  ZeroShot.Candidates candidates;

  @Option(names = "--predict", defaultValue = "top:5", converter = EvalConverters.PredictionConverter.class,
      description = "Matching's predicted set: top:K or threshold:T (cosine). Default ${DEFAULT-VALUE}.")
  Matching.Prediction predict;

  @Option(names = "--probe", description = "Linear-probe data name=path (repeatable): a MedMNIST .npz or an image folder.")
  List<String> probes = new ArrayList<>();

  @Option(names = "--probe-seeds", defaultValue = "3", description = "Seeds per probe fraction (default ${DEFAULT-VALUE}).")
  int probeSeeds;

  @Option(names = "--no-image-check", description = "Skip decoding every benchmark image while reading the manifest.")
  boolean noImageCheck;

  @Option(names = "--allow-overlap", description = "Score a model whose training set overlaps the benchmark anyway (the report says so in red).")
  boolean allowOverlap;

  @Override
  public Integer call() throws Exception {
    // Not picocli-required: required parent options would also be demanded of `eval build-bench`.
    if (models == null || models.isEmpty()) throw new IllegalArgumentException("eval needs --model (one or more, comma-separated)");
    if (out == null) throw new IllegalArgumentException("eval needs --out DIR");
    if (bench == null && probes.isEmpty()) throw new IllegalArgumentException("nothing to evaluate: give --bench and/or --probe");
    if (!names.isEmpty() && names.size() != models.size()) throw new IllegalArgumentException(names.size() + " --name values for " + models.size() + " models");
    // every path and number checked before a session starts
    Checks.master(spark.master, "--master");
    // A remote --out (hdfs:, s3a:) is rendered in local scratch (charts are drawn to local
    // files) and copied there at the end; embeddings go there directly.
    OutputFolder folder = OutputFolder.of(out, "--out");
    Path local = folder.local();
    if (bench != null && Storage.isLocal(bench)) Checks.exists(Storage.localPath(bench), "--bench");
    if (phenotypes != null && Storage.isLocal(phenotypes)) Checks.file(Storage.localPath(phenotypes), "--phenotypes");
    if (kg != null) Checks.kg(kg, "--kg");
    Checks.atLeast(probeSeeds, 1, "--probe-seeds");
    for (String pr : probes) {
      int eq = pr.indexOf('=');
      if (eq <= 0) throw new UserError("--probe must be name=path, got " + pr);
      String data = pr.substring(eq + 1);
      if (Storage.isLocal(data)) Checks.exists(Storage.localPath(data), "--probe " + pr.substring(0, eq));
    }
    ZeroShot.Candidates cand = candidates;
    Matching.Prediction pred = predict;
    List<EmbeddingModelFactory> factories = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      EmbeddingModelFactory f = models.get(i).factory();
      factories.add(names.isEmpty() ? f : renamed(f, names.get(i)));
    }
    SparkSession session = spark.session("phenolip eval");
    PhenotypeTable table = null;
    Loaded loaded = null;
    if (bench != null) {
      if (kg != null) table = PhenotypeTable.fromKg(session, kg);
      else {
        String t = phenotypes != null ? phenotypes : BenchManifest.sibling(bench, PhenotypeTable.FILE);
        if (!Storage.forTask().exists(Storage.uri(t))) {
          throw new IllegalArgumentException("no phenotype table " + t + ": zero-shot needs phenotype names (give --phenotypes or --kg)");
        }
        table = PhenotypeTable.readJsonl(t);
      }
      loaded = BenchManifest.read(session, bench, table, !noImageCheck);
      Progress.status(String.format("bench %s: %d rows, %d rejected %s", bench, loaded.items().size(), loaded.rejects().size(), loaded.rejectsByReason()));
      writeRejects(local.resolve("rejects.jsonl"), loaded.rejects());
    }
    List<ProbeData> probeData = new ArrayList<>();
    for (String p : probes) probeData.add(ProbeData.parse(session, p));
    long[] seeds = new long[probeSeeds];
    for (int i = 0; i < seeds.length; i++) seeds[i] = i;
    java.util.Set<String> heldOut = new java.util.TreeSet<>(), benchArticles = new java.util.TreeSet<>();
    if (bench != null) {
      heldOut.addAll(nonBlank(BenchManifest.sibling(bench, BuildBench.HELDOUT)));
      benchArticles.addAll(nonBlank(BenchManifest.sibling(bench, BuildBench.EXCLUDED)).stream().filter(l -> !l.startsWith("{")).toList());
    }
    // Refuse before any scoring: a model trained on the benchmark has no held-out score.
    List<String> overlaps = new ArrayList<>();
    java.util.Set<String> benchImages = null; // hashed once, by the executors, for every model with a record
    for (int i = 0; i < models.size(); i++) {
      Path record = TrainingOverlap.record(PhenolipModelProvider.recordFolder(models.get(i).spec()));
      if (record != null && loaded != null && benchImages == null) {
        benchImages = TrainingOverlap.imageHashes(org.phenolip.eval.run.BenchFrame.of(session, loaded, 32));
      }
      String why = record == null || loaded == null ? null : TrainingOverlap.check(record, benchArticles, benchImages);
      overlaps.add(why);
      if (why != null && !allowOverlap) {
        throw new IllegalArgumentException("model " + models.get(i).spec() + " has " + why + ": it cannot be scored on " + bench
            + " (retrain with --exclude-bench, or give --allow-overlap and the report will say so)");
      }
    }
    Evaluator.Settings s = new Evaluator.Settings(cand, pred, PromptTemplates.DEFAULT, 32, 256, 512, LinearProbe.FRACTIONS, seeds, heldOut);
    List<ModelScores> scores = new ArrayList<>();
    java.util.Set<String> embeddingNames = new java.util.HashSet<>();
    for (int i = 0; i < factories.size(); i++) {
      EmbeddingModelFactory f = factories.get(i);
      // <model>, or <model>_<i> for the second and later seeds that share a --name
      String base = f.name().replaceAll("[^A-Za-z0-9_.-]", "_");
      String embName = embeddingNames.add(base) ? base : base + "_" + i;
      String emb = !saveEmbeddings ? null : Storage.child(folder.child("embeddings"), embName);
      ModelScores ms = loaded == null || loaded.items().isEmpty()
          ? Evaluator.evaluate(session, f, List.of(), table, probeData, s, emb)
          : Evaluator.evaluate(session, f, org.phenolip.eval.run.BenchFrame.of(session, loaded, s.batch()), table, probeData, s, emb);
      scores.add(overlaps.get(i) == null ? ms : ms.withOverlap(overlaps.get(i)));
      ModelCache.release(f.key()); // done with it: free its native memory before the next model loads
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("candidates", EvalConverters.key(candidates));
    settings.put("prediction", pred.describe());
    settings.put("prompt_templates", s.templates());
    settings.put("probe_fractions", s.probeFractions());
    settings.put("probe_seeds", seeds.length);
    settings.put("held_out_phenotypes", heldOut);
    settings.put("rank_rule", "rank = wrong candidates scoring >= the best correct one (ties count against)");
    Map<String, Map<String, Object>> training = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      Map<String, Object> record = TrainingSection.read(PhenolipModelProvider.recordFolder(models.get(i).spec()));
      if (record != null) training.put(factories.get(i).name(), record);
    }
    Report.write(local, loaded == null ? null : BenchInfo.of(bench, loaded), settings, scores, training);
    folder.publish(Storage.of(session));
    System.out.println("report: " + folder.show("report.html") + " (metrics.json, report.md beside it)");
    return 0;
  }

  /** The file's non-blank lines, trimmed (a local path or a URI); none when it does not exist. */
  static List<String> nonBlank(String file) throws java.io.IOException {
    Storage s = Storage.forTask();
    String uri = Storage.uri(file);
    if (!s.exists(uri)) return List.of();
    return s.readString(uri).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  static EmbeddingModelFactory renamed(EmbeddingModelFactory f, String name) {
    return new EmbeddingModelFactory() {
      @Override public String name() { return name; }
      @Override public String key() { return f.key(); }
      @Override public org.phenolip.eval.embed.EmbeddingModel create() { return f.create(); }
    };
  }

  static void writeRejects(Path file, List<Reject> rejects) throws java.io.IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    var w = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    List<String> lines = new ArrayList<>();
    for (Reject r : rejects) lines.add(w.writeValueAsString(r.toJson()));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
