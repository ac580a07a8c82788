package org.phenolip.train.stage2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.ShardedRows;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.optim.ParameterVector;

/**
 * Issue 9: the same seed and worker count give bit-identical stage-2 parameters, through the path
 * `train stage2` takes (figures checked and embedded by the teacher on the executors, sharded
 * through a shuffle, two barrier tasks with prefetching). The second run differs in everything
 * that must not matter: the input's partitioning (so the teacher embeds its captions in other
 * batches, on other tasks) and the garbage collector, which runs all the time beside it.
 */
class Stage2DeterminismTest {
  static SparkSession spark;
  static TokenizerSpec tok;
  static ModelConfig config;
  @TempDir static Path dir;
  static Path teacher;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSessions.getOrCreate("stage2-determinism-test", DataParallelTrainer.localMaster(2), DataParallelTrainer.sessionConf(2));
    Path vocab = Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt");
    tok = TokenizerSpec.fromVocabTxt(vocab);
    config = ModelConfig.tiny(tok.size());
    teacher = dir.resolve("teacher");
    try (var m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      PhenolipEncoder.save(PhenolipModel.create(config, m, 4), vocab, teacher);
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> figures() throws Exception {
    List<Row> rows = new ArrayList<>();
    int k = 0;
    for (String cls : List.of("melanoma", "nevus", "basal_cell_carcinoma", "vascular_lesion")) {
      for (Path f : IsicImages.first(cls, 4)) {
        String id = String.format("PMC%d/fig%d", 100 + k, k++);
        rows.add(RowFactory.create(id, id.split("/")[0], "Dermoscopy of a " + cls.replace('_', ' ') + ", lesion " + k + ".",
            Files.readAllBytes(f)));
      }
    }
    StructType schema = new StructType().add("figure_id", DataTypes.StringType).add("article_id", DataTypes.StringType)
        .add("caption", DataTypes.StringType).add("image", DataTypes.BinaryType);
    return spark.createDataFrame(rows, schema);
  }

  static TrainConfig cfg() {
    return new TrainConfig().workers(2).globalBatch(8).epochs(50).maxSteps(6).seed(7).lr(2e-3f)
        .warmupSteps(1).checksumEvery(2).commTimeoutMs(30_000).progress(false);
  }

  /** One stage-2 run from figure rows in {@code partitions} partitions; returns the final parameters. */
  static float[] train(int partitions, boolean distill) throws Exception {
    // The figure-id sort lands in this many partitions (no adaptive coalescing), so the teacher
    // embeds the captions in chunks of another size on other tasks.
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
    Dataset<Row> examples = figures().repartition(partitions).orderBy("figure_id");
    assertEquals(partitions, examples.javaRDD().getNumPartitions());
    float[] protos = null;
    if (distill) {
      protos = new float[5 * config.embedDim()];
      Random r = new Random(9);
      for (int i = 0; i < protos.length; i++) protos[i] = (float) r.nextGaussian() * 0.2f;
    }
    var task = new Stage2Task(config, tok, 7, null, protos, distill ? 5 : 0, 0.1f, 0.1f, distill ? 0.5f : 0f);
    try (TrainingFigures f = TrainingFigures.prepare(examples, distill ? teacher.toAbsolutePath().toString() : null)) {
      long n = f.checked().size();
      assertEquals(16, n);
      return DataParallelTrainer.fit(spark, task, ShardedRows.of(f.indexed(), n, cfg()), cfg()).params();
    }
  }

  /**
   * Forces frequent young collections (which free the direct buffers of closed DJL arrays) and
   * recycles small native blocks, filled with 1e30, until stopped.
   */
  static final class GcStorm implements AutoCloseable {
    static volatile Object sink;
    private volatile boolean running = true;
    private final Thread thread = new Thread(() -> {
      while (running) {
        for (int k = 0; k < 512; k++) sink = new byte[64 * 1024];
        List<ByteBuffer> churn = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
          b.putFloat(0, 1e30f);
          churn.add(b);
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "gc-storm");

    GcStorm() {
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  static void sameTwice(boolean distill) throws Exception {
    long t0 = System.nanoTime();
    float[] first = train(1, distill);
    long t1 = System.nanoTime();
    float[] second;
    try (GcStorm storm = new GcStorm()) {
      second = train(3, distill);
    }
    org.phenolip.core.spark.Progress.status(String.format("stage 2%s: %.1f s, then %.1f s with the collector running; checksums %016x, %016x",
        distill ? " with the teacher" : "", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9,
        ParameterVector.checksum(first), ParameterVector.checksum(second)));
    assertEquals(ParameterVector.checksum(first), ParameterVector.checksum(second), "parameter checksums");
    assertArrayEquals(first, second);
  }

  @Test
  void clipTwiceIsBitIdentical() throws Exception {
    sameTwice(false);
  }

  @Test
  void phenolipWithTheTeacherTwiceIsBitIdentical() throws Exception {
    sameTwice(true);
  }
}
