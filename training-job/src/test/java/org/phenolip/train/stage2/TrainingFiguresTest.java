package org.phenolip.train.stage2;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Checksums;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;

/**
 * Figures are checked and prepared on the executors: undecodable images come back to the
 * driver as reasons, usable rows get dense indices in figure-id order whatever the input
 * partitioning, and the teacher's caption embeddings equal what the teacher gives on one thread.
 */
class TrainingFiguresTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("training-figures-test", "local[2]", Map.of());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void executorsCheckHashAndEmbedAndTheDriverGetsOnlyIds(@TempDir Path dir) throws Exception {
    Path vocab = Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt");
    Path teacherDir = dir.resolve("teacher");
    var tok = org.phenolip.model.encode.TokenizerSpec.fromVocabTxt(vocab);
    try (var m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      PhenolipEncoder.save(PhenolipModel.create(ModelConfig.tiny(tok.size()), m, 4), vocab, teacherDir);
    }
    // 8 real ISIC images, one truncated JPEG and one that is no image, in figure-id order
    TreeMap<String, byte[]> images = new TreeMap<>();
    Map<String, String> captions = new TreeMap<>();
    int k = 0;
    for (String cls : List.of("melanoma", "nevus")) {
      for (Path f : IsicImages.first(cls, 4)) {
        String id = String.format("PMC%d/fig%d", 100 + k, k++);
        images.put(id, Files.readAllBytes(f));
        captions.put(id, "Dermoscopy of a " + cls + ", lesion " + k + ".");
      }
    }
    byte[] whole = images.firstEntry().getValue();
    images.put("PMC150/fig1", Arrays.copyOf(whole, whole.length / 3));
    captions.put("PMC150/fig1", "A truncated file.");
    images.put("PMC151/fig1", "not an image".getBytes());
    captions.put("PMC151/fig1", "Not an image.");
    StructType schema = new StructType().add("figure_id", DataTypes.StringType).add("article_id", DataTypes.StringType)
        .add("caption", DataTypes.StringType).add("image", DataTypes.BinaryType);
    List<Row> rows = new ArrayList<>();
    for (var e : images.entrySet()) rows.add(RowFactory.create(e.getKey(), e.getKey().split("/")[0], captions.get(e.getKey()), e.getValue()));
    var examples = spark.createDataFrame(rows, schema).repartition(3).sortWithinPartitions("figure_id").orderBy("figure_id");

    try (TrainingFigures figures = TrainingFigures.prepare(examples, teacherDir.resolve(".").toString())) {
      List<TrainingFigures.Checked> checked = figures.checked();
      assertEquals(List.copyOf(images.keySet()), checked.stream().map(TrainingFigures.Checked::figureId).toList());
      for (var c : checked) assertEquals(Checksums.sha256(images.get(c.figureId())), c.imageSha256());
      var rejects = checked.stream().filter(c -> c.reject() != null).toList();
      assertEquals(List.of("PMC150/fig1", "PMC151/fig1"), rejects.stream().map(TrainingFigures.Checked::figureId).toList());
      for (var r : rejects) assertFalse(r.reject().isBlank(), "a reason for " + r.figureId());

      List<scala.Tuple2<Long, Stage2Row>> indexed = new ArrayList<>(figures.indexed().collect());
      indexed.sort(java.util.Comparator.comparingLong(scala.Tuple2::_1));
      List<String> usable = checked.stream().filter(c -> c.reject() == null).map(TrainingFigures.Checked::figureId).toList();
      assertEquals(8, indexed.size());
      for (int i = 0; i < indexed.size(); i++) {
        assertEquals(i, indexed.get(i)._1());
        assertEquals(usable.get(i), indexed.get(i)._2().figureId(), "dense index " + i + " in figure-id order");
      }
      try (PhenolipEncoder teacher = PhenolipEncoder.load(teacherDir)) {
        float[][] expected = teacher.embedTexts(usable.stream().map(captions::get).toList());
        for (int i = 0; i < usable.size(); i++) {
          assertArrayEquals(expected[i], indexed.get(i)._2().teacherCaption(), 1e-5f, "teacher embedding of " + usable.get(i));
        }
      }
    }
  }
}
