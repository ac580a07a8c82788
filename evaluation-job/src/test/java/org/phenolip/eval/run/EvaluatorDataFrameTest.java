package org.phenolip.eval.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.bench.BenchItem;
import org.phenolip.eval.bench.LabelledImages;
import org.phenolip.eval.cli.EvalCommandTestData;
import org.phenolip.eval.embed.ClassNoiseModel;

/** The benchmark as a DataFrame: executors read images through Hadoop FS, the driver gathers vectors only. */
class EvaluatorDataFrameTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("EvaluatorDataFrameTest", 2);
    spark.sparkContext().hadoopConfiguration().set("fs." + CountingFileSystem.SCHEME + ".impl", CountingFileSystem.class.getName());
    spark.sparkContext().hadoopConfiguration().setBoolean("fs." + CountingFileSystem.SCHEME + ".impl.disable.cache", true);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void executorsReadImagesThroughANonLocalHadoopFileSystemOnceEach() throws Exception {
    List<BenchItem> items = new ArrayList<>();
    for (BenchItem it : EvalCommandTestData.bench()) {
      Path f = dir.resolve(items.size() + ".png");
      Files.write(f, it.image());
      items.add(new BenchItem(it.id(), CountingFileSystem.SCHEME + "://" + f.toAbsolutePath(), null, it.caption(), it.phenotypes(), it.system()));
    }
    CountingFileSystem.OPENS.set(0);
    ModelScores s = Evaluator.evaluate(spark, ClassNoiseModel.factory(64, 0), items, EvalCommandTestData.table(), List.of(),
        Evaluator.Settings.defaults(), null);
    assertEquals(items.size(), CountingFileSystem.OPENS.get(), "each image read once, by Hadoop FS");
    // the images really were read: noise 0, an image equals its caption
    assertEquals(1.0, s.retrieval().get("i2t").at(1), 1e-12);
    assertEquals(1.0, s.zeroShot().average().top1(), 1e-12);

    BenchItem gone = new BenchItem("gone", CountingFileSystem.SCHEME + "://" + dir.resolve("none.png").toAbsolutePath(), null, "c1 x",
        List.of(items.get(0).phenotypes().get(0)), "Radiology");
    var e = assertThrows(Exception.class, () -> Evaluator.evaluate(spark, ClassNoiseModel.factory(64, 0), List.of(gone),
        EvalCommandTestData.table(), List.of(), Evaluator.Settings.defaults(), null));
    assertTrue(String.valueOf(rootMessage(e)).contains("cannot read image countfs://"), rootMessage(e));
  }

  @Test
  void noImageBytesReachTheDriver() throws Exception {
    List<StructType> collected = new CopyOnWriteArrayList<>();
    QueryExecutionListener spy = new QueryExecutionListener() {
      @Override public void onSuccess(String action, QueryExecution qe, long ns) {
        if (action.startsWith("collect")) collected.add(qe.analyzed().schema());
      }

      @Override public void onFailure(String action, QueryExecution qe, Exception e) {}
    };
    spark.listenerManager().register(spy);
    try {
      // inline bytes: the bench frame and the probe sets carry a binary column on the executors
      List<BenchItem> items = EvalCommandTestData.bench();
      List<String> ids = new ArrayList<>();
      List<byte[]> images = new ArrayList<>();
      int[] labels = new int[24];
      for (int i = 0; i < 24; i++) {
        ids.add("p" + i);
        images.add(ClassNoiseModel.image(i % 2, 200 + i));
        labels[i] = i % 2;
      }
      LabelledImages probe = new LabelledImages("toy", ids, images, labels, List.of("a", "b"));
      ProbeData p = new ProbeData("toy", probe.subset(java.util.stream.IntStream.range(0, 16).toArray(), "/train"),
          probe.subset(java.util.stream.IntStream.range(16, 24).toArray(), "/test"));
      ModelScores s = Evaluator.evaluate(spark, ClassNoiseModel.factory(32, 0), items, EvalCommandTestData.table(), List.of(p),
          Evaluator.Settings.defaults(), null);
      assertEquals(1.0, s.retrieval().get("t2i").at(1), 1e-12);
      assertEquals(1.0, s.probes().get("toy").points().get(2).mean(), 1e-12, "two separable classes at 100%");
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(collected.size() >= 5, "bench rows, images, texts, probe train and test gathered: " + collected.size());
      for (StructType t : collected) {
        for (StructField f : t.fields()) assertFalse(f.dataType() instanceof BinaryType, "collected " + t.simpleString());
      }
    } finally {
      spark.listenerManager().unregister(spy);
    }
  }

  static String rootMessage(Throwable t) {
    String m = t.getMessage();
    for (Throwable c = t; c != null; c = c.getCause()) if (c.getMessage() != null && c.getMessage().contains("cannot read image")) m = c.getMessage();
    return m;
  }
}
