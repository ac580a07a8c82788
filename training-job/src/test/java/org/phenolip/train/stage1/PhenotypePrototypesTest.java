package org.phenolip.train.stage1;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;

/** Prototypes embedded by the executors: the same vectors whatever the partitioning, and the driver's own. */
class PhenotypePrototypesTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("PhenotypePrototypesTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void executorsEmbedEveryLabelAsTheDriverWouldWhateverThePartitioning(@TempDir Path dir) throws Exception {
    Path vocab = Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt");
    Path model = dir.resolve("teacher/model");
    try (var m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      PhenolipEncoder.save(PhenolipModel.create(ModelConfig.tiny(TokenizerSpec.fromVocabTxt(vocab).size()), m, 4), vocab, model);
    }
    List<String> labels = List.of("Pneumonia", "Melanoma", "Atrial septal defect", "Breast carcinoma", "Hemangioma",
        "Abnormality of the cardiovascular system", "Seborrheic keratosis", "Fibroma", "Hyperpigmentation of the skin",
        "Actinic keratosis", "Melanocytic nevus");
    List<OntologyPairs.Term> terms = new ArrayList<>();
    for (int i = labels.size() - 1; i >= 0; i--) { // not in id order: the table is written in id order
      terms.add(new OntologyPairs.Term(String.format("HP:%07d", 100 + i), labels.get(i), null, List.of(), List.of(), List.of(),
          i % 2 == 0 ? "integument" : "respiratory"));
    }
    String one = dir.resolve("one").toUri().toString(), three = dir.resolve("three").toUri().toString();
    // Each label is embedded once (a global sort's range sampling would embed them all once more).
    assertEquals(labels.size(), PhenotypePrototypes.write(spark, terms, model.toUri().toString(), one, 1));
    assertEquals(labels.size(), PhenotypePrototypes.write(spark, terms, model.toUri().toString(), three, 3));
    List<Row> a = spark.read().parquet(one).collectAsList(), b = spark.read().parquet(three).collectAsList();
    SchemaCheck.require("prototypes", spark.read().parquet(one).schema(), Stage1Trainer.EMBEDDING_SCHEMA);
    assertEquals(labels.size(), a.size());
    assertEquals(1, spark.read().parquet(three).inputFiles().length, "one file");
    float[][] driver;
    try (PhenolipEncoder enc = PhenolipEncoder.load(model)) {
      driver = enc.embedTextsIndependently(labels);
    }
    for (int i = 0; i < a.size(); i++) {
      assertEquals(String.format("HP:%07d", 100 + i), a.get(i).getString(0), "id order");
      assertEquals(i % 2 == 0 ? "integument" : "respiratory", a.get(i).getString(1));
      assertEquals(a.get(i).getString(0), b.get(i).getString(0));
      List<Float> va = a.get(i).getList(2), vb = b.get(i).getList(2);
      assertEquals(driver[i].length, va.size());
      for (int k = 0; k < va.size(); k++) {
        assertEquals(Float.floatToIntBits(va.get(k)), Float.floatToIntBits(vb.get(k)), "1 vs 3 partitions, " + labels.get(i));
        assertEquals(Float.floatToIntBits(driver[i][k]), Float.floatToIntBits(va.get(k)), "executor vs driver, " + labels.get(i));
      }
    }
  }
}
