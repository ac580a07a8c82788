package org.phenolip.deploy.yarn;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.io.Json;

/**
 * The real jobs on YARN: {@code spark-submit --master yarn --deploy-mode cluster} (through
 * {@link SparkLauncher}) of the fat jar {@code deploy/target/phenolip-spark-3.5_2.12.jar} with
 * {@code deploy/yarn/spark-defaults.conf} to a MiniYARNCluster + MiniDFSCluster in this JVM: kg build
 * from a PMC mirror on HDFS to a KG on HDFS, stage 1 and stage 2 for 3 steps each with {@code --workers 2}
 * (two barrier tasks in two executor containers), eval build-bench, and eval with its report on HDFS.
 * Spark 3.5 line only (spark-yarn_2.13:4.1.0 is not served).
 */
class YarnSubmitTest {
  static final Path tmp = Path.of("target", "yarn-test").toAbsolutePath();
  static final Path repo = Path.of("..").toAbsolutePath().normalize();
  static MiniDFSCluster dfs;
  static MiniYARNCluster yarn;
  static FileSystem fs;
  static Path sparkHome;
  static Path confDir;

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    if (Files.exists(tmp)) {
      try (var s = Files.walk(tmp)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    Files.createDirectories(tmp);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    // Closing a file need not wait for the DataNode's block report (one block, one replica): the client's close
    // otherwise polls from 400 ms up, which made the ~370 small files of the inputs and the KG slow to write.
    conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
    conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 20);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();

    YarnConfiguration yc = new YarnConfiguration(conf);
    yc.set("fs.defaultFS", fs.getUri().toString());
    // Containers: an AM (the driver) and 2 executors of ~1.5 GB each; YARN must not kill JVMs + libtorch for virtual memory.
    yc.setInt(YarnConfiguration.NM_PMEM_MB, 12288);
    yc.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 12288); // MiniYARNCluster's own NM size (default 4096)
    yc.setInt(YarnConfiguration.NM_VCORES, 8);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 8192);
    yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    yc.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    // The capacity scheduler's queues (the shaded minicluster has no capacity-scheduler.xml): one "default" queue.
    yc.set("yarn.scheduler.capacity.root.queues", "default");
    yc.set("yarn.scheduler.capacity.root.default.capacity", "100");
    yc.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    yc.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
    yc.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.9");
    yarn = new MiniYARNCluster("phenolip", 1, 1, 1);
    yarn.init(yc);
    yarn.start();
    Configuration live = yarn.getConfig();
    long until = System.currentTimeMillis() + 60_000;
    while (live.get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0") && System.currentTimeMillis() < until) Thread.sleep(100);

    sparkHome = sparkHome();
    // HADOOP_CONF_DIR for spark-submit: the live cluster's addresses, less the keys that name classes the
    // containers do not have (the mini clusters set net.topology.node.switch.mapping.impl to StaticMapping,
    // a test class of hadoop-common: the driver's YARN allocator failed with ClassNotFoundException on it).
    Configuration out = new Configuration(false);
    List<String> dropped = new ArrayList<>();
    try (URLClassLoader spark = sparkClassLoader()) {
      for (Map.Entry<String, String> e : live) {
        String v = live.get(e.getKey());
        if (v != null && v.matches("([a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*") && !loadable(spark, v)) dropped.add(e.getKey() + "=" + v);
        else if (v != null) out.set(e.getKey(), v);
      }
    }
    assertTrue(dropped.stream().anyMatch(d -> d.startsWith("net.topology.node.switch.mapping.impl=")), dropped.toString());
    confDir = Files.createDirectories(tmp.resolve("hadoop-conf"));
    Files.write(tmp.resolve("hadoop-conf-dropped.txt"), dropped);
    for (String f : List.of("core-site.xml", "yarn-site.xml", "hdfs-site.xml")) {
      try (OutputStream o = Files.newOutputStream(confDir.resolve(f))) {
        out.writeXml(o);
      }
    }
    System.out.printf("MiniDFSCluster + MiniYARNCluster, SPARK_HOME, HADOOP_CONF_DIR: %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** The classes a container sees: SPARK_HOME's jars (Spark, spark-yarn, Hadoop's shaded client) and the JDK. */
  static URLClassLoader sparkClassLoader() throws Exception {
    List<URL> urls = new ArrayList<>();
    try (var s = Files.list(sparkHome.resolve("jars"))) {
      for (Path p : s.toList()) urls.add(p.toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  static boolean loadable(ClassLoader l, String name) {
    try {
      Class.forName(name, false, l);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (yarn != null) yarn.stop();
    if (dfs != null) dfs.shutdown();
  }

  /**
   * A Spark-distribution-like SPARK_HOME for SparkLauncher: jars/ links the test class path's jars
   * (Spark, spark-yarn, Hadoop's shaded client; not the mini clusters or test libraries), and
   * bin/spark-submit runs SparkSubmit on them with the Java 17 flags of conf/spark-java17.args.
   */
  static Path sparkHome() throws Exception {
    Path home = tmp.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Set<String> names = new HashSet<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      String n = p.getFileName().toString();
      if (!n.endsWith(".jar") || !Files.isRegularFile(p)) continue;
      if (n.matches("(hadoop-client-minicluster|junit|surefire|archunit|opentest4j|apiguardian|phenolip-).*")) continue;
      if (names.add(n)) Files.createSymbolicLink(jars.resolve(n), p.toAbsolutePath());
    }
    Path bin = Files.createDirectories(home.resolve("bin"));
    String flags = String.join(" ", Files.readAllLines(repo.resolve("conf/spark-java17.args")));
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, "#!/usr/bin/env bash\n"
        + "exec \"" + System.getProperty("java.home") + "/bin/java\" -Xmx512m " + flags
        + " -cp \"$HADOOP_CONF_DIR:$(dirname \"$0\")/../jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    submit.toFile().setExecutable(true);
    return home;
  }

  /**
   * What the test's submissions add to deploy/yarn/spark-defaults.conf: containers find Spark and the DJL natives
   * on this host, and the sizes are scaled to a small machine; one attempt (a failure should fail the test).
   */
  static Map<String, String> testConfs(int executors) {
    String djlCache = System.getenv().getOrDefault("DJL_CACHE_DIR", System.getProperty("user.home") + "/.djl.ai");
    Map<String, String> c = new java.util.LinkedHashMap<>();
    // Containers find Spark on this host (no upload of ~300 MB of jars per submission).
    c.put("spark.yarn.jars", "local:" + sparkHome.resolve("jars") + "/*");
    c.put("spark.yarn.appMasterEnv.JAVA_HOME", System.getProperty("java.home"));
    c.put("spark.executorEnv.JAVA_HOME", System.getProperty("java.home"));
    // One shared, already-extracted DJL cache instead of ~430 MB of natives per container.
    c.put("spark.yarn.appMasterEnv.DJL_CACHE_DIR", djlCache);
    c.put("spark.executorEnv.DJL_CACHE_DIR", djlCache);
    c.put("spark.driver.memory", "1g");
    c.put("spark.driver.cores", "1");
    c.put("spark.driver.memoryOverhead", "512m");
    c.put("spark.executor.memory", "1g");
    c.put("spark.executor.memoryOverhead", "512m");
    c.put("spark.executor.cores", "1");
    c.put("spark.task.cpus", "1");
    c.put("spark.executorEnv.OMP_NUM_THREADS", "1");
    c.put("spark.yarn.appMasterEnv.OMP_NUM_THREADS", "1");
    c.put("spark.executor.instances", Integer.toString(executors));
    c.put("spark.yarn.maxAppAttempts", "1");
    c.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    return c;
  }

  /**
   * deploy/yarn/submit.sh as a user runs it (SPARK_HOME and HADOOP_CONF_DIR set, no PHENOLIP_JAR: the script picks
   * the jar from spark-submit --version); spark-submit waits for the application's end and exits non-zero unless it
   * succeeded. Returns the YARN application id.
   */
  static String submitScript(String name, int executors, String... jobArgs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(repo.resolve("deploy/yarn/submit.sh").toString()));
    testConfs(executors).forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
    cmd.addAll(List.of(jobArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".err").toFile());
    for (String k : List.of("SPARK_SUBMIT", "PHENOLIP_JAR", "PHENOLIP_CONF", "QUEUE", "YARN_CONF_DIR")) pb.environment().remove(k);
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean ended = p.waitFor(5, TimeUnit.MINUTES);
    if (!ended) p.destroyForcibly();
    String log = Files.readString(tmp.resolve(name + ".err"));
    assertTrue(ended, name + " via submit.sh did not finish\n" + tail(log));
    assertEquals(0, p.exitValue(), name + " via submit.sh\n" + tail(log));
    // submit.sh names the application phenolip-<job>: YARN's record of it gives the id (it is the only one).
    List<String> ids = new ArrayList<>();
    try (YarnClient c = YarnClient.createYarnClient()) {
      c.init(yarn.getConfig());
      c.start();
      for (var r : c.getApplications()) if (r.getName().equals("phenolip-" + jobArgs[0])) ids.add(r.getApplicationId().toString());
    }
    assertEquals(1, ids.size(), name + ": YARN applications named phenolip-" + jobArgs[0] + "\n" + tail(log));
    System.out.printf("%s on YARN via submit.sh: %.1f s (%s)%n", name, (System.nanoTime() - t0) / 1e9, ids.get(0));
    return ids.get(0);
  }

  /** spark-submit in YARN cluster mode with deploy/yarn/spark-defaults.conf, sized for this machine; waits for the end. */
  static SparkAppHandle submit(String name, String mainClass, int executors, String... args) throws Exception {
    Path jar = repo.resolve("deploy/target/phenolip-spark-3.5_2.12.jar");
    assertTrue(Files.isRegularFile(jar), jar + " (built by package, before this test)");
    Map<String, String> env = new HashMap<>();
    env.put("HADOOP_CONF_DIR", confDir.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    SparkLauncher l = new SparkLauncher(env).setSparkHome(sparkHome.toString())
        .setPropertiesFile(repo.resolve("deploy/yarn/spark-defaults.conf").toString())
        .setMaster("yarn").setDeployMode("cluster").setAppName(name)
        .setAppResource(jar.toString()).setMainClass(mainClass).addAppArgs(args)
        .redirectOutput(tmp.resolve(name + ".log").toFile()).redirectError(tmp.resolve(name + ".err").toFile());
    testConfs(executors).forEach(l::setConf);
    CountDownLatch done = new CountDownLatch(1);
    SparkAppHandle h = l.startApplication(new SparkAppHandle.Listener() {
      @Override
      public void stateChanged(SparkAppHandle handle) {
        if (handle.getState().isFinal()) done.countDown();
      }

      @Override
      public void infoChanged(SparkAppHandle handle) {}
    });
    long t0 = System.nanoTime();
    assertTrue(done.await(5, TimeUnit.MINUTES), name + " did not finish: " + h.getState());
    System.out.printf("%s on YARN: %.1f s (%s)%n", name, (System.nanoTime() - t0) / 1e9, h.getAppId());
    return h;
  }

  static void assertSucceeded(SparkAppHandle h, String name) throws Exception {
    String log = tmp.resolve(name + ".err").toFile().exists() ? Files.readString(tmp.resolve(name + ".err")) : "";
    assertNotNull(h.getAppId(), name + ": no YARN application\n" + tail(log));
    assertSucceeded(h.getAppId(), name);
    assertEquals(SparkAppHandle.State.FINISHED, h.getState(), name);
  }

  /** YARN's own record of the application: its final status is SUCCEEDED. */
  static void assertSucceeded(String appId, String name) throws Exception {
    String log = tmp.resolve(name + ".err").toFile().exists() ? Files.readString(tmp.resolve(name + ".err")) : "";
    try (YarnClient c = YarnClient.createYarnClient()) {
      c.init(yarn.getConfig());
      c.start();
      FinalApplicationStatus s = c.getApplicationReport(ApplicationId.fromString(appId)).getFinalApplicationStatus();
      assertEquals(FinalApplicationStatus.SUCCEEDED, s, name + " " + appId + "\n" + tail(log));
    }
  }

  static String tail(String s) {
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }

  @Test
  void kgBuildFromHdfsTrainOnTwoContainersEvalToHdfs() throws Exception {
    // The input on HDFS: a PMC mirror in the PMC Cloud Service layout (what kg fetch writes: PMC<id>.<v>/ version
    // folders; the bundled bucket sample is one; a Hadoop URI given to --pmc must be a mirror, loose JATS folders
    // like data/pmc are read from local paths only). kg build's --hpo is a local file: the repository's copy,
    // which every container of this host sees.
    long t0 = System.nanoTime();
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(repo.resolve("data/sample/pmc-cloud").toUri()), new org.apache.hadoop.fs.Path("/phenolip/in/pmc-mirror"));
    System.out.printf("upload of the mirror to HDFS: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    String hdfs = fs.getUri().toString();
    String kg = hdfs + "/phenolip/kg";

    // kg build goes through deploy/yarn/submit.sh, the script users run; the other jobs through SparkLauncher.
    String build = submitScript("kg-build", 1, "kg", "build",
        "--hpo", repo.resolve("data/hpo/hp.v2024-08-13.json.gz").toString(), "--pmc", hdfs + "/phenolip/in/pmc-mirror", "--out", kg);
    assertSucceeded(build, "kg-build");
    // The KG on HDFS: Delta tables, KG version 0 in the commit log, and its manifest.
    List<String> listing = new ArrayList<>();
    for (var st : fs.listStatus(new org.apache.hadoop.fs.Path(kg))) listing.add(st.getPath().getName());
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(kg, "pairs/_delta_log")), "pairs is a Delta table on HDFS: " + listing);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(kg, "_commits/0000000000.json")), "KG version 0 on HDFS: " + listing);
    org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(kg, "manifest.json");
    JsonNode m;
    try (var s = fs.open(manifest)) {
      m = Json.MAPPER.readTree(s);
    }
    JsonNode rec = m.get("reconciliation");
    assertTrue(rec.get("articles_written").asLong() > 0, m.toString());
    assertTrue(m.get("datasets").get("pairs").get("rows").asLong() > 64, m.toString());
    System.out.println("kg on HDFS: " + m.get("datasets").get("pairs").get("rows") + " pairs, reconciliation " + rec);

    // Stage 1 (the teacher) for 3 steps, two barrier replicas on two executor containers; the KG is read
    // from HDFS and every output is written there (the driver's files through local scratch, then copied).
    String teacher = hdfs + "/phenolip/teacher";
    SparkAppHandle s1 = submit("stage1", "org.phenolip.train.TrainingJob", 2, "stage1", "--kg", kg,
        "--out", teacher, "--preset", "tiny", "--systems", "integument,neoplasm,respiratory,breast",
        "--epochs", "1", "--max-steps", "3", "--batch-size", "32", "--lr", "1e-3", "--vocab", repo.resolve("data/vocab/scibert_scivocab_uncased.vocab.txt").toString(), "--workers", "2");
    assertSucceeded(s1, "stage1");
    JsonNode summary = readJson(teacher + "/stage1_summary.json");
    for (String f : List.of("model/config.json", "model/model.params", "model/vocab.txt", "model/training.json", "metrics.jsonl")) {
      assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path(teacher, f)).getLen() > 0, teacher + "/" + f);
    }
    assertTrue(fs.isDirectory(new org.apache.hadoop.fs.Path(teacher, "phenotype_embeddings")), "teacher prototypes on HDFS");
    assertEquals(3, summary.get("steps").asInt(), summary.toString());
    assertTrue(summary.has("probe_after"), summary.toString());
    // The driver's AM container and the two executor containers the barrier replicas ran in (NodeManager log dirs).
    assertEquals(3, containers(s1.getAppId()), "containers of " + s1.getAppId());

    // The held-out benchmark, drawn from the KG on HDFS (build-bench's --out is a local folder: bench.jsonl, images/,
    // excluded_articles.txt for stage 2's --exclude-bench); the sample's ground truth gives the labels of record.
    Path bench = tmp.resolve("bench");
    SparkAppHandle bb = submit("build-bench", "org.phenolip.eval.EvaluationJob", 1, "build-bench", "--kg", kg, "--out", bench.toString(),
        "--fraction", "0.2", "--ground-truth", repo.resolve("data/sample/pmc-oa/ground_truth.jsonl").toString());
    assertSucceeded(bb, "build-bench");
    assertTrue(Files.size(bench.resolve("bench.jsonl")) > 0, "bench.jsonl");

    // Stage 2 (CLIP + distillation from the teacher) for 3 steps, again two barrier replicas in two executor
    // containers, on the KG's pairs from HDFS less the benchmark's articles.
    // The teacher is read from HDFS (each JVM loads a local copy of model/), and rank 0 writes the student's
    // parameters to HDFS itself.
    String student = hdfs + "/phenolip/model";
    SparkAppHandle s2 = submit("stage2", "org.phenolip.train.TrainingJob", 2, "stage2", "--kg", kg, "--teacher", teacher,
        "--out", student, "--preset", "tiny", "--epochs", "3", "--max-steps", "3", "--batch-size", "16", "--lr", "1e-3",
        "--exclude-bench", bench.resolve("excluded_articles.txt").toString(), "--vocab", repo.resolve("data/vocab/scibert_scivocab_uncased.vocab.txt").toString(), "--workers", "2");
    assertSucceeded(s2, "stage2");
    JsonNode summary2 = readJson(student + "/stage2_summary.json");
    for (String f : List.of("model/config.json", "model/model.params", "model/vocab.txt", "model/training.json", "training_set.tsv")) {
      assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path(student, f)).getLen() > 0, student + "/" + f);
    }
    assertEquals(3, summary2.get("steps").asInt(), summary2.toString());
    assertEquals(2, summary2.get("workers").asInt(), summary2.toString());
    assertTrue(summary2.get("excluded_articles").asInt() > 0, summary2.toString());
    assertEquals(3, containers(s2.getAppId()), "containers of " + s2.getAppId());

    // eval of the stage-2 model on HDFS on the benchmark, the report written to HDFS.
    String report = hdfs + "/phenolip/report";
    SparkAppHandle ev = submit("eval", "org.phenolip.eval.EvaluationJob", 1, "--model", student, "--name", "PhenoLIP",
        "--bench", bench.resolve("bench.jsonl").toString(), "--kg", kg, "--out", report, "--probe-seeds", "1");
    assertSucceeded(ev, "eval");
    for (String f : List.of("report.html", "report.md", "metrics.json")) {
      assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path(report, f)).getLen() > 0, report + "/" + f);
    }
    JsonNode metrics;
    try (var s = fs.open(new org.apache.hadoop.fs.Path(report, "metrics.json"))) {
      metrics = Json.MAPPER.readTree(s);
    }
    assertEquals("PhenoLIP", metrics.get("models").get(0).get("name").asText(), metrics.toString());
    assertTrue(metrics.get("bench").get("rows").asLong() > 0, metrics.get("bench").toString());
    assertTrue(metrics.get("models").get(0).has("zero_shot"), metrics.get("models").get(0).toString());
    // the driver read the model's training record from its copy of the HDFS folder
    assertTrue(metrics.path("training").has("PhenoLIP"), "training record of the HDFS model: " + metrics.path("training"));
  }

  JsonNode readJson(String path) throws Exception {
    try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return Json.MAPPER.readTree(in);
    }
  }

  /**
   * Container log dirs of one application: target/test/data/phenolip/yarn-N/phenolip-logDir-nm-0_J/APP/container_*.
   * Only that path is listed: walking the whole tree raced with the NodeManager deleting a finished app's
   * appcache under the sibling localDir (NoSuchFileException in CI).
   */
  static long containers(String appId) {
    long n = 0;
    for (Path cluster : children(Path.of("target", "test", "data", "phenolip").toAbsolutePath())) {
      for (Path nm : children(cluster)) {
        if (!nm.getFileName().toString().contains("-logDir-")) {
          continue;
        }
        n += children(nm.resolve(appId)).stream().filter(c -> c.getFileName().toString().startsWith("container_")).count();
      }
    }
    return n;
  }

  /** The entries of a directory, none when it does not exist (any more). */
  static List<Path> children(Path dir) {
    try (var s = Files.list(dir)) {
      return s.toList();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }
}
