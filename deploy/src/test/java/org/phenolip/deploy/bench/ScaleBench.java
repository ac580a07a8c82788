package org.phenolip.deploy.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.Rows;
import org.phenolip.core.spark.SparkSessions;

/**
 * Scale benchmark (numbers, not a test): for each N, a synthetic PhenoKG of N pairs in the real
 * table format (one figure per pair with its own small PNG, 5 figures per article), written by the
 * executors; then on a standalone cluster of 2 workers ({@code deploy/cluster/standalone.sh})
 * {@code eval build-bench} (at most 20,000 rows), {@code train stage2 --no-distill} for a fixed
 * number of steps and {@code eval} on that benchmark, each through the CLI in this JVM, the driver.
 * Run the driver with {@code -Xmx512m} (as spark-submit --driver-memory 512m would).
 *
 * <p>Reports per N and phase: seconds, the driver's peak heap (used, sampled every 50 ms) and its
 * heap after a full GC at the end of the phase, the executors' peak JVM heap (Spark's
 * {@code JVMHeapMemory} executor metric from the event log), and training samples/s.
 *
 * <pre>ScaleBench [--sizes 10000,30000,100000] [--steps 30] [--batch 32] [--out out/bench/scale.json] [--work target/scale-bench]</pre>
 * or {@code ScaleBench --fit RESULT.json}: adds the per-phase linear fits ({@link PhaseFit}) to an existing result.
 */
public final class ScaleBench {
  static final String[] SYSTEMS = {"integument", "eye", "nervous", "skeletal"};
  static final int TERMS_PER_SYSTEM = 25;

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(10_000, 30_000, 100_000);
    int steps = 30, batch = 32;
    Path outFile = Path.of("../out/bench/scale.json"), work = Path.of("target/scale-bench");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(v.split(",")).map(s -> (int) parseSize(s)).toList();
        case "--steps" -> steps = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--out" -> outFile = Path.of(v);
        case "--work" -> work = Path.of(v);
        case "--fit" -> { // add the per-phase linear fits to an existing result file, and stop
          Path f = Path.of(v);
          var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(f.toFile());
          node.set("linear_fit", Json.MAPPER.valueToTree(PhaseFit.perPhase(node.path("runs"))));
          Files.writeString(f, Json.write(node), StandardCharsets.UTF_8);
          System.out.println(Json.write(node.get("linear_fit")));
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long maxHeap = Runtime.getRuntime().maxMemory();
    if (maxHeap > 600L << 20) System.err.println("warning: driver heap cap is " + (maxHeap >> 20) + " MB; run with -Xmx512m");
    Path repo = findRepo();
    work = work.toAbsolutePath();
    deleteTree(work);
    Files.createDirectories(work);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("driver_max_heap_mb", maxHeap >> 20);
    report.put("workers", 2);
    report.put("steps", steps);
    report.put("global_batch", batch);
    report.put("load_average_at_start", Files.readString(Path.of("/proc/loadavg")).strip());
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    List<Map<String, Object>> runs = new ArrayList<>();
    report.put("runs", runs);

    String cp = classpath();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RUN_DIR", work.resolve("cluster").toString());
    env.put("MASTER_PORT", String.valueOf(freePort()));
    env.put("MASTER_WEBUI_PORT", "0");
    env.put("WORKERS", "2");
    env.put("WORKER_MEMORY", "2g");
    env.put("SPARK_CLASSPATH", cp);
    Path script = repo.resolve("deploy/cluster/standalone.sh");
    String started = script(script, "start", env, 420);
    String[] lines = started.strip().split("\n");
    String master = lines[lines.length - 1].strip();
    Sampler sampler = new Sampler();
    sampler.start();
    try {
      for (int n : sizes) {
        Path dir = work.resolve("n" + n);
        Path events = dir.resolve("events");
        Files.createDirectories(events);
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.executor.cores", "1");
        conf.put("spark.task.cpus", "1");
        conf.put("spark.cores.max", "2");
        conf.put("spark.executor.memory", "1g");
        conf.put("spark.executor.extraClassPath", cp);
        conf.put("spark.executor.extraJavaOptions", opens(repo) + " -Dai.djl.offline=true -Dphenolip.quiet=true");
        conf.put("spark.executorEnv.DJL_OFFLINE", "true");
        conf.put("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.eventLog.enabled", "true");
        conf.put("spark.eventLog.dir", events.toUri().toString());
        conf.put("spark.eventLog.logStageExecutorMetrics", "true");
        conf.put("spark.eventLog.compress", "false"); // plain JSON lines, read back below
        conf.put("spark.eventLog.rolling.enabled", "false");
        conf.put("spark.executor.metrics.pollingInterval", "200ms");
        conf.put("spark.stage.maxConsecutiveAttempts", "4");
        List<String> confArgs = new ArrayList<>();
        conf.forEach((k, v) -> confArgs.addAll(List.of("--conf", k + "=" + v)));
        SparkSession spark = SparkSessions.getOrCreate("scale-bench-" + n, master, conf);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("pairs", n);
        Map<String, Object> phases = new LinkedHashMap<>();
        run.put("phases", phases);
        runs.add(run);
        String kg = dir.resolve("kg").toString(), bench = dir.resolve("bench").toString(), model = dir.resolve("model").toString();
        int benchRows = Math.min(20_000, Math.max(50, n / 5));
        try {
          phases.put("generate_kg", phase(sampler, () -> writeKg(spark, kg, n)));
          phases.put("build_bench", phase(sampler, () -> cli(confArgs, master, "eval", "build-bench", "--kg", kg, "--out", bench,
              "--size", String.valueOf(benchRows), "--seed", "7")));
          final int st = steps, b = batch;
          phases.put("train_stage2", phase(sampler, () -> cli(confArgs, master, "train", "stage2", "--kg", kg, "--out", model,
              "--no-distill", "--preset", "tiny", "--workers", "2", "--max-steps", String.valueOf(st), "--batch-size", String.valueOf(b),
              "--exclude-bench", bench + "/excluded_articles.txt")));
          phases.put("eval", phase(sampler, () -> cli(confArgs, master, "eval", "--model", model, "--bench", bench + "/bench.jsonl",
              "--out", dir.resolve("report").toString())));
          double trainS = (double) ((Map<?, ?>) phases.get("train_stage2")).get("seconds");
          run.put("train_samples_per_s", steps * batch / trainS);
          run.put("bench_rows", Files.readAllLines(Path.of(bench, "bench.jsonl")).size());
        } finally {
          SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
          spark.stop();
        }
        try {
          run.put("executor_peak_heap_mb", executorPeaks(events));
        } catch (IOException | RuntimeException e) {
          run.put("executor_peak_heap_mb", "unreadable event log: " + e);
        }
        run.put("load_average_after", Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println("== N=" + n + ": " + Json.write(run));
        report.put("linear_fit", PhaseFit.perPhase(Json.MAPPER.valueToTree(runs)));
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        Files.writeString(outFile, Json.write(report), StandardCharsets.UTF_8);
      }
    } finally {
      sampler.interrupt();
      script(script, "stop", env, 120);
    }
    System.out.println(Json.write(report));
    System.out.println("wrote " + outFile.toAbsolutePath());
  }

  interface Body {
    void run() throws Exception;
  }

  static Map<String, Object> phase(Sampler s, Body body) throws Exception {
    System.gc();
    s.peak.set(0);
    long t0 = System.nanoTime();
    body.run();
    System.out.printf("phase done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    double sec = (System.nanoTime() - t0) / 1e9;
    long peak = s.peak.get();
    System.gc();
    long retained = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", Math.round(sec * 100) / 100.0);
    m.put("driver_peak_heap_mb", peak >> 20);
    m.put("driver_heap_after_gc_mb", retained >> 20);
    m.put("driver_old_gen_peak_after_gc_mb", oldGenAfterGc() >> 20);
    return m;
  }

  /** The largest heap use after a collection seen so far in the old (tenured) pools. */
  static long oldGenAfterGc() {
    long max = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null && p.getName().toLowerCase().contains("old")) {
        max = Math.max(max, p.getCollectionUsage().getUsed());
      }
    }
    return max;
  }

  /** The driver's used heap, sampled every 50 ms. */
  static final class Sampler extends Thread {
    final AtomicLong peak = new AtomicLong();

    Sampler() {
      setDaemon(true);
      setName("heap-sampler");
    }

    @Override
    public void run() {
      var mem = ManagementFactory.getMemoryMXBean();
      while (!isInterrupted()) {
        peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  static void cli(List<String> confArgs, String master, String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--master", master));
    a.addAll(confArgs);
    int code = Phenolip.commandLine().execute(a.toArray(String[]::new));
    if (code != 0) throw new IllegalStateException("phenolip " + String.join(" ", args) + " exited with " + code);
  }

  /** Per executor id: the peak JVMHeapMemory (MB) over all stages, from the event logs. */
  static Map<String, Long> executorPeaks(Path events) throws IOException {
    Map<String, Long> peaks = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.walk(events)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.contains("\"JVMHeapMemory\"")) continue;
          var node = Json.MAPPER.readTree(line);
          var metrics = node.has("Executor Metrics") ? node.get("Executor Metrics") : null;
          String id = node.has("Executor ID") ? node.get("Executor ID").asText() : null;
          if (metrics == null || id == null || !metrics.has("JVMHeapMemory")) continue;
          peaks.merge(id, metrics.get("JVMHeapMemory").asLong() >> 20, Math::max);
        }
      }
    }
    return peaks;
  }

  /** Writes phenotypes (100 terms, 4 systems), figures (one PNG each) and pairs; rows made on the executors. */
  static void writeKg(SparkSession spark, String kg, int n) {
    List<Row> terms = new ArrayList<>();
    for (int s = 0; s < SYSTEMS.length; s++) {
      for (int t = 0; t < TERMS_PER_SYSTEM; t++) {
        String id = termId(s, t);
        terms.add(RowFactory.create(id, label(s, t), "A synthetic " + SYSTEMS[s] + " finding number " + t + ".", Rows.seq(List.of()),
            Rows.seq(List.of()), Rows.seq(List.of("HP:0000118")), Rows.seq(List.of()), false, null, 3,
            Rows.seq(List.of(SYSTEMS[s])), SYSTEMS[s]));
      }
    }
    spark.createDataFrame(terms, PhenoKg.PHENOTYPE).write().partitionBy(PhenoKg.SYSTEM).parquet(kg + "/" + PhenoKg.PHENOTYPES);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = Math.max(2, n / 5000);
    List<Integer> slices = new ArrayList<>();
    for (int p = 0; p < parts; p++) slices.add(p);
    JavaRDD<Integer> ps = jsc.parallelize(slices, parts);
    JavaRDD<Row> figures = ps.mapPartitions(it -> figureRows(it.next(), parts, n, true));
    JavaRDD<Row> pairs = ps.mapPartitions(it -> figureRows(it.next(), parts, n, false));
    spark.createDataFrame(figures, PhenoKg.FIGURE).write().parquet(kg + "/" + PhenoKg.FIGURES);
    spark.createDataFrame(pairs, PhenoKg.PAIR).write().partitionBy(PhenoKg.SYSTEM).parquet(kg + "/" + PhenoKg.PAIRS);
  }

  static String termId(int s, int t) {
    return String.format("HP:9%d%05d", s, t);
  }

  static String label(int s, int t) {
    return "synthetic " + SYSTEMS[s] + " anomaly " + (char) ('a' + t % 26) + t;
  }

  static Iterator<Row> figureRows(int part, int parts, int n, boolean figures) {
    int from = (int) ((long) n * part / parts), to = (int) ((long) n * (part + 1) / parts);
    return new Iterator<>() {
      int i = from;

      @Override
      public boolean hasNext() {
        return i < to;
      }

      @Override
      public Row next() {
        int f = i++;
        int s = f % SYSTEMS.length, t = (f / SYSTEMS.length) % TERMS_PER_SYSTEM;
        String art = String.format("PMC%07d", f / 5), fig = art + "/F" + (f % 5);
        String caption = "Figure " + (f % 5 + 1) + " of case " + f + ": " + label(s, t) + " seen in the patient.";
        if (figures) {
          return RowFactory.create(fig, art, "F" + (f % 5), "Figure " + (f % 5 + 1), null, caption, Rows.seq(List.of()), "f" + f + ".png",
              png(f, s), Rows.seq(List.of()));
        }
        int start = caption.indexOf(label(s, t));
        return RowFactory.create(fig + "#0", fig, art, "caption", termId(s, t), label(s, t), label(s, t), start,
            start + label(s, t).length(), "label", 1.0, SYSTEMS[s]);
      }
    };
  }

  /** A 48x48 PNG, different for every figure (a seeded pattern, tinted by system). */
  static byte[] png(int seed, int system) {
    BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
    java.util.Random r = new java.util.Random(seed * 31L + 7);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        int v = r.nextInt(64) + (((x / 8 + y / 8 + seed) % 2) * 96);
        int rgb = system == 0 ? (v + 90) << 16 | v << 8 | v : system == 1 ? v << 16 | (v + 90) << 8 | v
            : system == 2 ? v << 16 | v << 8 | (v + 90) : (v + 60) << 16 | (v + 60) << 8 | v;
        img.setRGB(x, y, rgb);
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long parseSize(String s) {
    s = s.strip().toLowerCase();
    return s.endsWith("k") ? Long.parseLong(s.substring(0, s.length() - 1)) * 1000 : Long.parseLong(s);
  }

  static Path findRepo() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("deploy/cluster/standalone.sh"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("run from inside the repository");
    return p;
  }

  static String opens(Path repo) throws IOException {
    return Files.readAllLines(repo.resolve("conf/spark-java17.args")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.joining(" "));
  }

  static String classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isBlank() && new File(s).exists()).map(s -> new File(s).getAbsolutePath())
        .collect(Collectors.joining(File.pathSeparator));
  }

  static String script(Path script, String cmd, Map<String, String> env, long timeoutS) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString(), cmd));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Path log = Files.createTempFile("standalone-", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("standalone.sh " + cmd + " did not finish in " + timeoutS + " s");
    }
    String text = Files.readString(log);
    Files.deleteIfExists(log);
    if (p.exitValue() != 0) throw new IOException("standalone.sh " + cmd + " failed (" + p.exitValue() + "): " + text);
    return text;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> w = Files.walk(p)) {
      for (Path q : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }

  private ScaleBench() {}
}
