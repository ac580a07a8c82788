package org.phenolip.train.loop;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Storage;

class MetricsLogTest {
  @TempDir Path dir;

  private static StepMetrics step(long s) {
    return new StepMetrics(s, 0, 1.0 / (s + 1), 0.1, 0.5, 10, 0.01, 0.1, 1, 0);
  }

  /** The Hadoop FileSystem path (taken for hdfs:/s3a: URIs), here over the raw local disk. */
  private static Storage hadoopFs() {
    Configuration c = new Configuration();
    c.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    c.setBoolean("fs.file.impl.disable.cache", true);
    return new Storage(c);
  }

  @Test
  void throughHadoopFsAResumedRunDropsTheStepsItWillRedoAndAppends() throws Exception {
    String f = dir.resolve("out/metrics.jsonl").toUri().toString();
    try (MetricsLog log = new MetricsLog(f, 0, hadoopFs())) {
      for (long s = 0; s < 5; s++) log.write(step(s));
      // flushed per line: a reader sees the steps while the run goes on
      assertEquals(5, Files.readAllLines(dir.resolve("out/metrics.jsonl")).size());
    }
    try (MetricsLog log = new MetricsLog(f, 3, hadoopFs())) { // resumed from the checkpoint of step 3
      for (long s = 3; s < 6; s++) log.write(step(s));
    }
    var lines = Files.readAllLines(dir.resolve("out/metrics.jsonl"));
    assertEquals(6, lines.size());
    for (int i = 0; i < 6; i++) assertEquals(i, org.phenolip.core.io.Json.MAPPER.readTree(lines.get(i)).path("step").asLong(-1), lines.get(i));
    assertEquals(6, MetricsLog.wholeRun(f, 6).size());
  }

  @Test
  void localAndRemotePathsAreToldApartByScheme() {
    assertTrue(Storage.isLocal("/tmp/run/metrics.jsonl"));
    assertTrue(Storage.isLocal("file:/tmp/run/metrics.jsonl"));
    assertFalse(Storage.isLocal("hdfs://nn:8020/runs/metrics.jsonl"));
    assertFalse(Storage.isLocal("s3a://bucket/runs/metrics.jsonl"));
  }
}
