package org.phenolip.train.loop;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.spark.SparkSessions;

/**
 * A Spark standalone master and workers started with {@code deploy/cluster/standalone.sh}
 * (the script users run) from this JVM's own classpath, stopped by the same script on close.
 */
public final class StandaloneCluster implements AutoCloseable {
  /** The JVM flags Spark needs on Java 17, from the one file every launcher reads (conf/spark-java17.args). */
  private static final String OPENS = opens(Path.of("..", "conf", "spark-java17.args"));

  private final Path script;
  private final Map<String, String> env = new HashMap<>();
  private final String classpath;
  public final String masterUrl;

  private StandaloneCluster(Path script, Path runDir, int workers, String workerOpts) throws IOException, InterruptedException {
    this.script = script;
    env.put("WORKER_OPTS", workerOpts);
    this.classpath = testClasspath();
    env.put("RUN_DIR", runDir.toAbsolutePath().toString());
    env.put("MASTER_PORT", String.valueOf(freePort()));
    env.put("MASTER_WEBUI_PORT", "0");
    env.put("WORKERS", String.valueOf(workers));
    env.put("WORKER_MEMORY", "1500m");
    // Spark and its dependencies: SPARK_JARS when given (deploy/target/spark-jars), else this classpath's jars.
    String jars = System.getProperty("phenolip.spark.jars", System.getenv("PHENOLIP_SPARK_JARS"));
    if (jars != null) env.put("SPARK_JARS", jars);
    else env.put("SPARK_CLASSPATH", classpath);
    String out;
    try {
      out = run("start", 420);
    } catch (IOException e) {
      close();
      throw e;
    }
    String[] lines = out.strip().split("\n");
    masterUrl = lines[lines.length - 1].strip();
    if (!masterUrl.startsWith("spark://")) {
      close();
      throw new IOException("standalone.sh start printed no master URL: " + out);
    }
  }

  /** Starts the cluster via the script in {@code repoRoot/deploy/cluster}. */
  public static StandaloneCluster start(Path repoRoot, Path runDir, int workers) throws IOException, InterruptedException {
    return start(repoRoot, runDir, workers, "");
  }

  /** Starts the cluster with {@code workerOpts} as each worker's extra JVM options (e.g. its GPU resources). */
  public static StandaloneCluster start(Path repoRoot, Path runDir, int workers, String workerOpts) throws IOException, InterruptedException {
    Path script = repoRoot.resolve("deploy/cluster/standalone.sh");
    if (!Files.isRegularFile(script)) throw new IOException("no cluster script at " + script.toAbsolutePath());
    return new StandaloneCluster(script, runDir, workers, workerOpts);
  }

  /** A driver session on this cluster for {@code workers} replicas; executors load this JVM's classpath. */
  public SparkSession session(String app, int workers) {
    return session(app, workers, Map.of());
  }

  /** As {@link #session(String, int)} with {@code extra} settings on top (e.g. GPU resources per task). */
  public SparkSession session(String app, int workers, Map<String, String> extra) {
    Map<String, String> conf = new HashMap<>(conf(workers));
    conf.putAll(extra);
    return SparkSessions.getOrCreate(app, masterUrl, conf);
  }

  /** The settings of a driver on this cluster for {@code workers} replicas (what {@code --conf} would give a CLI run). */
  public Map<String, String> conf(int workers) {
    Map<String, String> conf = new HashMap<>(DataParallelTrainer.sessionConf(workers));
    conf.put("spark.executor.extraClassPath", classpath);
    conf.put("spark.executor.extraJavaOptions", OPENS + " -Dai.djl.offline=true -Dphenolip.quiet=true");
    conf.put("spark.executorEnv.DJL_OFFLINE", "true");
    conf.put("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    conf.put("spark.executor.memory", "1g");
    conf.put("spark.driver.host", "127.0.0.1");
    return conf;
  }

  static String testClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
    return Arrays.stream(cp.split(File.pathSeparator))
        .filter(s -> !s.isBlank() && new File(s).exists())
        .map(s -> new File(s).getAbsolutePath())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private String run(String cmd, long timeoutS) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toAbsolutePath().toString(), cmd));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out;
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("standalone.sh " + cmd + " did not finish in " + timeoutS + " s");
    }
    out = p.getInputStream().readAllBytes();
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) throw new IOException("standalone.sh " + cmd + " failed (" + p.exitValue() + "): " + text);
    return text;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      run("stop", 60);
    } catch (IOException | InterruptedException e) {
      System.err.println("cluster stop failed: " + e.getMessage());
    }
  }

  private static String opens(Path argFile) {
    try {
      return Files.readAllLines(argFile, StandardCharsets.UTF_8).stream().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.joining(" "));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + argFile.toAbsolutePath(), e);
    }
  }
}
