package org.phenolip.eval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;

/** With a session, a JSONL manifest's image files are checked by the executors, with the same outcome as on the driver. */
class BenchManifestSparkTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("BenchManifestSparkTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void executorsCheckTheImageFilesWithTheDriversReasons() throws Exception {
    Files.createDirectories(dir.resolve("img"));
    Files.write(dir.resolve("img/a.png"), BenchManifestTest.png(1));
    Files.write(dir.resolve("img/junk.png"), "not an image".getBytes(StandardCharsets.UTF_8));
    byte[] png = BenchManifestTest.png(2);
    Files.write(dir.resolve("img/cut.png"), Arrays.copyOf(png, png.length / 2));
    List<String> lines = List.of(
        "{\"id\":\"a\",\"image\":\"img/a.png\",\"caption\":\"cap a\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"Radiology\"}",
        "{\"id\":\"junk\",\"image\":\"img/junk.png\",\"caption\":\"c\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{\"id\":\"cut\",\"image\":\"img/cut.png\",\"caption\":\"c\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{\"id\":\"missing\",\"image\":\"img/none.png\",\"caption\":\"c\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{\"id\":\"nocap\",\"image\":\"img/junk.png\",\"caption\":\"\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{\"id\":\"a2\",\"image\":\"img/a.png\",\"caption\":\"again\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{broken");
    Path m = dir.resolve("bench.jsonl");
    Files.write(m, lines, StandardCharsets.UTF_8);
    PhenotypeTable table = new PhenotypeTable(Map.of("HP:0000001", "one"));
    Loaded driver = BenchManifest.readJsonl(m, table, true);
    Loaded executors = BenchManifest.read(spark, m.toString(), table, true);
    assertEquals(List.of("a", "a2"), executors.items().stream().map(BenchItem::id).toList());
    assertEquals(driver.items().stream().map(BenchItem::id).toList(), executors.items().stream().map(BenchItem::id).toList());
    assertEquals(driver.rejects(), executors.rejects(), "same rows rejected, same reasons and details, same order");
    assertEquals(BenchManifest.REASON_CORRUPT_IMAGE, executors.rejects().get(0).reason());
    assertEquals(BenchManifest.REASON_MISSING_IMAGE, executors.rejects().get(2).reason());
    assertEquals(7, executors.rowsRead());
    assertNull(executors.items().get(0).image(), "the driver holds the path, not the bytes");
  }
}
