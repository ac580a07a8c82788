package org.phenolip.core.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSessionsTest {

  @Test
  void defaultsNeverOverrideWhatSparkSubmitOrConfSet() {
    SparkConf submitted = new SparkConf(false)
        .set("spark.master", "spark://10.0.0.5:7077")
        .set("spark.sql.shuffle.partitions", "400")
        .set("spark.executor.cores", "4");
    Map<String, String> s = SparkSessions.settings(submitted, "app", "local[2]",
        Map.of("spark.sql.sources.partitionOverwriteMode", "static"), Map.of("spark.executor.cores", "1"));
    // spark-submit's values are left for the builder to read: not repeated, not overridden.
    assertFalse(s.containsKey("spark.master"));
    assertFalse(s.containsKey("spark.sql.shuffle.partitions"));
    assertFalse(s.containsKey("spark.executor.cores"));
    // A cluster driver must be reachable by executors: no 127.0.0.1 binding.
    assertFalse(s.containsKey("spark.driver.bindAddress"));
    assertEquals("static", s.get("spark.sql.sources.partitionOverwriteMode"));
    assertEquals("false", s.get("spark.ui.enabled"));
  }

  @Test
  void localDemoBindsToLoopbackAndTakesTheGivenMaster() {
    Map<String, String> s = SparkSessions.settings(new SparkConf(false), "app", "local[3]", Map.of(), Map.of());
    assertEquals("local[3]", s.get("spark.master"));
    assertEquals(System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"), s.get("spark.driver.bindAddress"));
    assertEquals("8", s.get("spark.sql.shuffle.partitions"));
    Map<String, String> explicit = SparkSessions.settings(new SparkConf(false), "app", "local[3]",
        Map.of("spark.driver.bindAddress", "0.0.0.0", "spark.master", "local[1]"), Map.of());
    assertEquals("0.0.0.0", explicit.get("spark.driver.bindAddress"));
    assertEquals("local[1]", explicit.get("spark.master"));
  }

  /** A real spark-submit (SparkSubmit's main in a child JVM) with values that conflict with the job's. */
  @Test
  void sparkSubmitAndConfValuesWinInASubmittedJob(@TempDir Path tmp) throws Exception {
    Path jar = tmp.resolve("app.jar");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, new Manifest())) {
      j.flush();
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath()));
    for (String opt : System.getProperty("phenolip.test.opens", OPENS).split(" ")) if (!opt.isBlank()) cmd.add(opt);
    cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit",
        "--master", "local[1]", "--conf", "spark.sql.shuffle.partitions=3",
        "--conf", "spark.executor.cores=2", "--conf", "spark.ui.showConsoleProgress=true",
        "--class", SessionProbe.class.getName(), jar.toString(),
        // the job's own arguments: --master is ignored under spark-submit, --conf wins over everything
        "--master", "local[2]", "--conf", "spark.sql.sources.partitionOverwriteMode=static",
        "--conf", "spark.ui.showConsoleProgress=false"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("SPARK_HOME");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    Map<String, String> conf = new HashMap<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("CONF ")) {
        String[] kv = line.substring(5).split("=", 2);
        conf.put(kv[0], kv[1]);
      }
    }
    assertEquals("local[1]", conf.get("spark.master"), out);
    assertEquals("3", conf.get("spark.sql.shuffle.partitions"), out);
    assertEquals("2", conf.get("spark.executor.cores"), out);
    assertEquals("static", conf.get("spark.sql.sources.partitionOverwriteMode"), out);
    assertEquals("false", conf.get("spark.ui.showConsoleProgress"), out);
    assertEquals("false", conf.get("spark.ui.enabled"), out); // a default nobody set
    assertTrue(out.contains("COUNT 100"), out);
  }

  /** The JVM flags Spark needs on Java 17, from the one file every launcher reads (a java @argfile). */
  private static final String OPENS = "@" + java.nio.file.Path.of("..", "conf", "spark-java17.args").toAbsolutePath()
      + " -Xmx512m";

  private static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
    return String.join(File.pathSeparator, cp.split(File.pathSeparator));
  }

}
