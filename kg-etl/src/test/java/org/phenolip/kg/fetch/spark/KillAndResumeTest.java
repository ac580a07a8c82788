package org.phenolip.kg.fetch.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.fetch.BucketServer;
import org.phenolip.kg.fetch.LogState;
import org.phenolip.kg.fetch.Md5;
import org.phenolip.kg.fetch.VersionResult;

/**
 * A {@code kg fetch} process killed (SIGKILL) while a request is in flight, then restarted: no
 * object whose body was delivered to the killed run is requested again, and the mirror ends
 * complete. The server holds one image request open and the test kills the client then.
 */
class KillAndResumeTest {
  static final Path BUCKET = FetchJobTest.DAY2;
  static final String HELD = "PMC9000006.1/PMC9000006-g005.jpg";
  @TempDir Path tmp;

  static boolean articleKey(String k) {
    return !k.startsWith("inventory-reports/") && !k.startsWith("?list");
  }

  @Test
  void aKilledRunRestartedFetchesNothingTwiceAndLosesNothing() throws Exception {
    String mirror = tmp.resolve("mirror").toString();
    try (BucketServer server = new BucketServer(BUCKET)) {
      server.fault(HELD, BucketServer.Fault.HOLD);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (a.startsWith("--add-opens") || a.startsWith("-D") && !a.startsWith("-Dsurefire")) cmd.add(a);
      }
      cmd.add("-Xmx1g");
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.phenolip.core.cli.Phenolip", "kg", "fetch",
          "--source", server.url(), "--out", mirror, "--master", "local[1]", "--max-concurrency", "1", "--batch", "2"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed-run.log").toFile()).start();
      try {
        assertTrue(server.held.await(300, TimeUnit.SECONDS), "the run reached the held request; log: "
            + (Files.exists(tmp.resolve("killed-run.log")) ? Files.readString(tmp.resolve("killed-run.log")) : ""));
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      } finally {
        p.destroyForcibly();
        server.release.countDown();
      }
      Set<String> delivered = new HashSet<>();
      server.completed.keySet().stream().filter(KillAndResumeTest::articleKey).forEach(delivered::add);
      assertTrue(delivered.size() > 40, "the killed run had fetched several versions: " + delivered.size());
      assertFalse(delivered.contains(HELD));
      server.reset();

      SparkSession spark = SparkSessions.getOrCreate("resume-test", "local[2]", Map.of(
          "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
          "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"));
      try {
        FetchJob.Result r = new FetchJob(spark).run(FetchJobTest.options(server.url(), mirror));
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        Set<String> again = new HashSet<>();
        server.requests.keySet().stream().filter(KillAndResumeTest::articleKey).filter(delivered::contains).forEach(again::add);
        assertEquals(Set.of(), again, "objects delivered to the killed run and requested again");
        assertEquals(1, server.requests(HELD), "the object in flight at the kill is fetched once more");

        Map<String, LogState> log = FetchLog.latest(spark, mirror);
        long fetched = log.values().stream().filter(s -> s.status().equals(VersionResult.FETCHED)).count();
        assertEquals(10, fetched);
        for (LogState s : log.values()) {
          if (!s.status().equals(VersionResult.FETCHED)) continue;
          Path dir = Path.of(mirror, s.pmcid() + "." + s.version());
          try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
              assertFalse(f.getFileName().toString().startsWith("._"), "temporary file left: " + f);
              assertEquals(Md5.hex(Files.readAllBytes(BUCKET.resolve(dir.getFileName()).resolve(f.getFileName()))),
                  Md5.hex(Files.readAllBytes(f)), f.toString());
            }
          }
          assertTrue(Files.exists(dir.resolve(dir.getFileName() + ".xml")));
        }
      } finally {
        spark.stop();
      }
    }
  }
}
