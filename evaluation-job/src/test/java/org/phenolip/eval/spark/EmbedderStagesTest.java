package org.phenolip.eval.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
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
import org.phenolip.eval.embed.ClassNoiseModel;
import org.phenolip.eval.embed.ModelCache;

class EmbedderStagesTest {
  static SparkSession spark;
  @TempDir java.nio.file.Path dir;

  static final StructType ROWS = new StructType().add("id", DataTypes.StringType, false)
      .add("image", DataTypes.BinaryType, false).add("caption", DataTypes.StringType, false);

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("EmbedderStagesTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> frame(int n, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) rows.add(RowFactory.create("x" + i, ClassNoiseModel.image(i % 3, i), "c" + (i % 3) + " i" + i));
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), ROWS);
  }

  @Test
  void embedsEveryRowOnceAndLoadsTheModelOncePerExecutor() {
    var f = ClassNoiseModel.factory(16, 0);
    Dataset<Row> in = frame(50, 6);
    Dataset<Row> img = new ImageEmbedder(f).setImageCol("image").setOutputCol("iv").setBatchSize(8).transform(in);
    Dataset<Row> both = new TextEmbedder(f).setInputCol("caption").setOutputCol("tv").setBatchSize(8).transform(img);
    assertEquals(List.of("id", "image", "caption", "iv", "tv"), List.of(both.columns()), "the stages append their columns");
    Map<String, float[]> images = EmbeddingTable.collect(both, "id", "iv"), captions = EmbeddingTable.collect(both, "id", "tv");
    assertEquals(50, images.size());
    assertEquals(50, captions.size());
    assertTrue(ModelCache.loads(f.key()) == 1, "local mode is one executor: one load for 6 partitions, got " + ModelCache.loads(f.key()));
    // noise 0: an image and its caption embed to the same vector.
    assertArrayEquals(images.get("x7"), captions.get("x7"), 1e-6f);
    List<SparkEmbedder.Embedded> out = new ArrayList<>();
    images.forEach((k, v) -> out.add(new SparkEmbedder.Embedded(k, SparkEmbedder.IMAGE, v)));
    String path = dir.resolve("emb").toString();
    SparkEmbedder.save(spark, path, out);
    var back = SparkEmbedder.load(spark, path);
    assertEquals(50, back.size());
    var e3 = back.stream().filter(e -> e.id().equals("x3")).findFirst().orElseThrow();
    assertArrayEquals(images.get("x3"), e3.vector(), 0f);
  }

  @Test
  void transformSchemaChecksTheInputLikeAnMllibStage() {
    var f = ClassNoiseModel.factory(8, 0);
    StructType s = ROWS;
    assertEquals(EmbedderStage.VECTOR, new ImageEmbedder(f).setImageCol("image").transformSchema(s).apply("vector").dataType());
    var wrongType = assertThrows(IllegalArgumentException.class, () -> new ImageEmbedder(f).setImageCol("caption").transformSchema(s));
    assertTrue(wrongType.getMessage().contains("'caption' is string, expected binary"), wrongType.getMessage());
    var missing = assertThrows(IllegalArgumentException.class, () -> new TextEmbedder(f).setInputCol("text").transformSchema(s));
    assertTrue(missing.getMessage().contains("'text' not in"), missing.getMessage());
    var noInput = assertThrows(IllegalArgumentException.class, () -> new ImageEmbedder(f).transformSchema(s));
    assertTrue(noInput.getMessage().contains("set imageCol"), noInput.getMessage());
    var clash = assertThrows(IllegalArgumentException.class, () -> new TextEmbedder(f).setInputCol("caption").setOutputCol("id").transformSchema(s));
    assertTrue(clash.getMessage().contains("'id' already exists"), clash.getMessage());
    var batch = assertThrows(IllegalArgumentException.class, () -> new TextEmbedder(f).setInputCol("caption").setBatchSize(0).transformSchema(s));
    assertTrue(batch.getMessage().contains("batchSize must be > 0"), batch.getMessage());
    // copy keeps the params, as Pipeline/CrossValidator rely on
    EmbedderStage c = new TextEmbedder(f).setInputCol("caption").setBatchSize(4).copy(new org.apache.spark.ml.param.ParamMap());
    assertEquals(4, c.getBatchSize());
    assertEquals(4, c.transformSchema(s).size(), "one column added to three");
  }

  @Test
  void onlyKeysAndVectorsReachTheDriver() {
    var f = ClassNoiseModel.factory(8, 0);
    Dataset<Row> embedded = new ImageEmbedder(f).setImageCol("image").transform(frame(10, 2));
    StructType gathered = EmbeddingTable.toDriver(embedded, "id", "vector").schema();
    assertEquals(List.of("key", "vector"), List.of(gathered.fieldNames()));
    var e = assertThrows(IllegalArgumentException.class, () -> EmbeddingTable.toDriver(embedded, "id", "image"));
    assertTrue(e.getMessage().contains("not array<float>"), e.getMessage());
  }
}
