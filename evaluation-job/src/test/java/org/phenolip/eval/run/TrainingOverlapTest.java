package org.phenolip.eval.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Checksums;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.bench.BenchItem;

class TrainingOverlapTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("TrainingOverlapTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void articlesAndImagesOfTheBenchInTheTrainingRecordAreFound() throws Exception {
    byte[] a = {1, 2, 3}, b = {4, 5, 6};
    // One image inline, one as a file the executors read.
    Path bFile = Files.write(dir.resolve("b.png"), b);
    var bench = BenchFrame.of(spark, List.of(new BenchItem("B1/f1", null, a, "x", List.of("HP:0000001"), "s"),
        new BenchItem("B2/f1", bFile.toString(), null, "y", List.of("HP:0000001"), "s")), 1);
    Path model = Files.createDirectories(dir.resolve("m").resolve("model"));
    assertNull(TrainingOverlap.record(model.toString()), "no record: nothing to check");
    Path rec = dir.resolve("m").resolve(TrainingOverlap.FILE);
    Files.writeString(rec, "T1\tT1/f1\t" + Checksums.sha256(new byte[] {9}) + "\n");
    assertEquals(rec, TrainingOverlap.record(model.toString()), "found beside model/");
    Set<String> images = TrainingOverlap.imageHashes(bench);
    assertEquals(Set.of(Checksums.sha256(a), Checksums.sha256(b)), images);
    assertNull(TrainingOverlap.check(rec, Set.of("B1", "B2"), images));
    Files.writeString(rec, "B1\tB1/f9\t" + Checksums.sha256(new byte[] {9}) + "\nT2\tT2/f1\t" + Checksums.sha256(b) + "\n");
    assertEquals("1 benchmark article and 1 benchmark image in its training set", TrainingOverlap.check(rec, Set.of("B1", "B2"), images));
  }
}
