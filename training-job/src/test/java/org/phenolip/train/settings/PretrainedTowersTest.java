package org.phenolip.train.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Storage;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.model.tower.TowerSpec;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.InMemoryData;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.train.optim.ParameterVector;
import org.phenolip.train.stage1.OntologyPairs;
import org.phenolip.train.stage1.Stage1Task;
import org.phenolip.train.stage2.Stage2Trainer;

/**
 * A pretrained text tower in stage 1: it is fine-tuned at {@code --tower-lr-scale} × the rate
 * (the first AdamW step of each tower element is exactly proportional to its rate; every other
 * parameter moves exactly as at scale 1), and {@code --init teacher} in stage 2 accepts only
 * the text tower the teacher was trained with.
 */
class PretrainedTowersTest {
  static final Path MODEL_RESOURCES = Path.of("../model/src/test/resources/model");
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("pretrained-towers-test", DataParallelTrainer.localMaster(1), DataParallelTrainer.sessionConf(1));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Path textTower(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.copy(MODEL_RESOURCES.resolve("tiny_text.pt"), dir.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(MODEL_RESOURCES.resolve("tiny_text_vocab.txt"), dir.resolve("vocab.txt"), StandardCopyOption.REPLACE_EXISTING);
    TowerSpec.text("model.pt", 8, "vocab.txt", 12).write(dir);
    return dir;
  }

  static List<OntologyPairs.TextPair> pairs() {
    String[] words = {"pneumonia", "nevus", "melanoma", "effusion", "nodule", "cyst", "mass", "carcinoma"};
    List<OntologyPairs.TextPair> rows = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      rows.add(new OntologyPairs.TextPair(words[i], "a " + words[i] + " of the lung", "HP:000000" + i, OntologyPairs.Kind.SYNONYM));
    }
    return rows;
  }

  @Test
  void theTextTowerIsFineTunedAtItsOwnRate(@TempDir Path dir) throws Exception {
    Path tower = textTower(dir.resolve("tower"));
    Storage storage = Storage.of(spark);
    PretrainedTowers full = PretrainedTowers.read(storage, null, tower.toUri().toString(), 1f);
    PretrainedTowers tenth = PretrainedTowers.read(storage, null, tower.toUri().toString(), 0.1f);
    TokenizerSpec tok = TokenizerSpec.fromVocabTxt(full.textVocab(storage));
    assertEquals(50, tok.size());
    ModelConfig config = full.apply(ModelConfig.tiny(tok.size()), tok.size());
    TrainConfig cfg = new TrainConfig().workers(1).globalBatch(8).epochs(5).maxSteps(1).seed(3).lr(1e-2f)
        .warmupSteps(0).checksumEvery(0).commTimeoutMs(30_000).progress(false);
    Stage1Task a = new Stage1Task(config, tok, 3, full);
    Stage1Task b = new Stage1Task(config, tok, 3, tenth);
    float[] start;
    boolean[] inTower;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel model = (PhenolipModel) a.buildModel(m);
      ParameterVector pv = ParameterVector.trainable(model);
      start = pv.values();
      float[] scales = tenth.learningRateScales(model, pv);
      inTower = new boolean[pv.size()];
      int towerParams = 0;
      for (int i = 0; i < pv.count(); i++) {
        if (scales[i] != 1f) {
          assertEquals(0.1f, scales[i]);
          towerParams++;
          for (int k = pv.offset(i); k < pv.offset(i + 1); k++) inTower[k] = true;
        }
      }
      assertEquals(3, towerParams, "embedding, fc weight and bias of the TorchScript text tower");
      assertNull(PretrainedTowers.NONE.learningRateScales(model, pv));
    }
    TrainResult one = DataParallelTrainer.fit(spark, a, new InMemoryData<>(pairs()), cfg);
    TrainResult slow = DataParallelTrainer.fit(spark, b, new InMemoryData<>(pairs()), cfg);
    int towerMoved = 0;
    for (int k = 0; k < start.length; k++) {
      double d1 = one.params()[k] - start[k];
      double d2 = slow.params()[k] - start[k];
      if (inTower[k]) {
        if (Math.abs(d1) > 1e-4) {
          towerMoved++;
          assertEquals(0.1, d2 / d1, 1e-3, "tower element " + k);
        }
      } else {
        assertEquals(d1, d2, 1e-7, "element " + k + " outside the tower");
      }
    }
    assertTrue(towerMoved > 100, "the tower's parameters moved: " + towerMoved);
  }

  @Test
  void initTeacherNeedsTheTeachersTextTower(@TempDir Path dir) throws Exception {
    Path tower = textTower(dir.resolve("tower"));
    Storage storage = Storage.of(spark);
    PretrainedTowers withText = PretrainedTowers.read(storage, null, tower.toUri().toString(), 0.1f);
    Path builtInTeacher = Files.createDirectories(dir.resolve("teacher-a"));
    Path towerTeacher = Files.createDirectories(dir.resolve("teacher-b"));
    PhenolipModel.writeTowerSpecs(towerTeacher, null, withText.text());
    var e = assertThrows(IllegalArgumentException.class, () -> Stage2Trainer.checkTextTowers(builtInTeacher, withText));
    assertTrue(e.getMessage().contains("add --init random"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> Stage2Trainer.checkTextTowers(towerTeacher, PretrainedTowers.NONE));
    assertTrue(f.getMessage().contains("give stage 2 the --text-tower the teacher was trained from"), f.getMessage());
    Stage2Trainer.checkTextTowers(towerTeacher, withText);
    Stage2Trainer.checkTextTowers(builtInTeacher, PretrainedTowers.NONE);
    var bad = assertThrows(IllegalArgumentException.class, () -> PretrainedTowers.read(storage, tower.toUri().toString(), null, 1f));
    assertTrue(bad.getMessage().endsWith("describes a tower of kind text, expected kind image"), bad.getMessage());
  }
}
