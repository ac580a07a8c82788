package org.phenolip.train.stage2;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.InMemoryData;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.train.stage1.OntologyPairs;
import org.phenolip.train.stage1.Stage1Task;

/**
 * The two training stages on the real towers: two data-parallel workers (each with half the
 * global batch, a real TCP ring in local[2]) end with the parameters of one worker with the
 * whole batch, and the loss falls. Rows: real ISIC images and HPO-style captions.
 */
class StageTasksTest {
  static SparkSession spark;
  static TokenizerSpec tok;
  static ModelConfig config;
  /**
   * Parameters are compared by their update since initialisation: ‖Δ₂ − Δ₁‖ / ‖Δ₁‖. A raw
   * element-wise bound does not work here: AdamW's first steps move every parameter by about
   * ±lr whatever its gradient's size, so float32 noise (another summation order) in a
   * near-zero gradient can flip a sign and move that element by 2·lr. A real error in the
   * split (a lost or doubled gradient share) moves the whole update by O(1).
   */
  static final double TOL = 0.02;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("stage-tasks-test", DataParallelTrainer.localMaster(2), DataParallelTrainer.sessionConf(2));
    tok = TokenizerSpec.fromVocabTxt(Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt"));
    config = ModelConfig.tiny(tok.size());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static TrainConfig cfg(int workers, int steps) {
    return new TrainConfig().workers(workers).globalBatch(8).epochs(50).maxSteps(steps).seed(3).lr(2e-3f)
        .warmupSteps(1).checksumEvery(2).commTimeoutMs(30_000).progress(false);
  }

  static List<Stage2Row> isicRows(int perClass, boolean teacher) throws Exception {
    List<Stage2Row> rows = new ArrayList<>();
    Random r = new Random(5);
    for (String cls : List.of("melanoma", "nevus", "basal_cell_carcinoma", "vascular_lesion")) {
      for (Path f : IsicImages.first(cls, perClass)) {
        float[] t = null;
        if (teacher) {
          t = new float[config.embedDim()];
          for (int i = 0; i < t.length; i++) t[i] = (float) r.nextGaussian();
        }
        rows.add(new Stage2Row(f.getFileName().toString(), Files.readAllBytes(f),
            "Dermoscopy of a " + cls.replace('_', ' ') + ", case " + f.getFileName().toString().replaceAll("\\D", "") + ".", t));
      }
    }
    return rows;
  }

  static float[] initial(org.phenolip.train.loop.TrainingTask<?> task) {
    try (var m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      return org.phenolip.train.optim.ParameterVector.trainable(task.buildModel(m)).values();
    }
  }

  static double relativeUpdateDiff(float[] init, float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - init[i];
      double db = b[i] - init[i];
      diff += (da - db) * (da - db);
      norm += da * da;
    }
    assertTrue(norm > 0, "training moved no parameter");
    return Math.sqrt(diff / norm);
  }

  @Test
  void stage2WithDistillationTwoWorkersMatchOne() throws Exception {
    var rows = new InMemoryData<>(isicRows(4, true));
    float[] protos = new float[5 * config.embedDim()];
    Random r = new Random(9);
    for (int i = 0; i < protos.length; i++) protos[i] = (float) r.nextGaussian() * 0.2f;
    var task = new Stage2Task(config, tok, 3, null, protos, 5, 0.1f, 0.1f, 0.5f);
    TrainResult one = DataParallelTrainer.fit(spark, task, rows, cfg(1, 3));
    TrainResult two = DataParallelTrainer.fit(spark, task, rows, cfg(2, 3));
    double d = relativeUpdateDiff(initial(task), one.params(), two.params());
    assertTrue(d <= TOL, "2 workers differ from 1 by " + d + " of the update");
    for (int s = 0; s < 3; s++) {
      assertEquals(one.metrics().get(s).loss(), two.metrics().get(s).loss(), 1e-4, "loss of step " + s);
    }
  }

  @Test
  void initIsIndependentOfLambdaAndDistillationGoesThroughAProjection(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    float[] teacherParams;
    try (var m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      var teacher = org.phenolip.model.tower.PhenolipModel.create(config, m, 11);
      teacher.save(dir);
      teacherParams = org.phenolip.train.optim.ParameterVector.trainable(teacher).values();
    }
    float[] protos = new float[5 * config.embedDim()];
    Random r = new Random(9);
    for (int i = 0; i < protos.length; i++) protos[i] = (float) r.nextGaussian() * 0.2f;
    // λ = 0 with the teacher as init: exactly the teacher's weights (it used to fall back to random).
    assertArrayEquals(teacherParams, initial(new Stage2Task(config, tok, 3, dir.toString(), null, 0, 1, 1, 0)));
    // λ > 0: the projection (identity at the start, same size) first, then the teacher's weights.
    float[] withProj = initial(new Stage2Task(config, tok, 3, dir.toString(), protos, 5, 0.1f, 0.1f, 0.5f));
    int d = config.embedDim();
    assertEquals(d * d + teacherParams.length, withProj.length);
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) assertEquals(i == j ? 1f : 0f, withProj[i * d + j]);
    assertArrayEquals(teacherParams, java.util.Arrays.copyOfRange(withProj, d * d, withProj.length));
    // Random init is the same whatever λ.
    float[] random0 = initial(new Stage2Task(config, tok, 3, null, null, 0, 1, 1, 0));
    float[] randomL = initial(new Stage2Task(config, tok, 3, null, protos, 5, 0.1f, 0.1f, 0.5f));
    assertArrayEquals(random0, java.util.Arrays.copyOfRange(randomL, d * d, randomL.length));
    assertFalse(java.util.Arrays.equals(random0, teacherParams));
    // A teacher space of another size (16): the projection is learned, and it moves.
    var rows = isicRows(2, false);
    List<Stage2Row> rows16 = new ArrayList<>();
    for (Stage2Row row : rows) {
      float[] t = new float[16];
      for (int i = 0; i < 16; i++) t[i] = (float) r.nextGaussian();
      rows16.add(new Stage2Row(row.figureId(), row.image(), row.caption(), t));
    }
    float[] protos16 = new float[6 * 16];
    for (int i = 0; i < protos16.length; i++) protos16[i] = (float) r.nextGaussian();
    var task16 = new Stage2Task(config, tok, 3, null, protos16, 6, 0.1f, 0.1f, 1f);
    float[] start = initial(task16);
    TrainResult fit = DataParallelTrainer.fit(spark, task16, new InMemoryData<>(rows16), cfg(1, 2));
    double moved = 0;
    for (int i = 0; i < 16 * d; i++) moved += Math.abs(fit.params()[i] - start[i]);
    assertTrue(moved > 0, "the projection into the teacher's space was not trained");
  }

  @Test
  void sameSeedSameThreadsSameParameters() throws Exception {
    // Two identical runs of each stage end with bit-identical parameters.
    var rows = new InMemoryData<>(isicRows(2, false));
    var s2 = new Stage2Task(config, tok, 3, null, null, 0, 1, 1, 0);
    assertArrayEquals(DataParallelTrainer.fit(spark, s2, rows, cfg(1, 3)).params(), DataParallelTrainer.fit(spark, s2, rows, cfg(1, 3)).params(),
        "stage 2");
    List<OntologyPairs.Term> terms = List.of(
        new OntologyPairs.Term("HP:0001626", "Abnormality of the cardiovascular system", "Any abnormality of the cardiovascular system.",
            List.of("Cardiovascular disease", "Cardiovascular abnormality"), List.of(), List.of("HP:0000118"), "cardiovascular"),
        new OntologyPairs.Term("HP:0001631", "Atrial septal defect", "A defect in the interatrial septum.",
            List.of("ASD", "Hole in heart wall"), List.of("Atrial septum defect"), List.of("HP:0001626"), "cardiovascular"),
        new OntologyPairs.Term("HP:0002090", "Pneumonia", "Inflammation of any part of the lung parenchyma.",
            List.of("Lung infection"), List.of(), List.of("HP:0000118"), "respiratory"));
    var data = new InMemoryData<>(OntologyPairs.build(terms, 0, 1).train());
    var s1 = new Stage1Task(config, tok, 3);
    assertArrayEquals(DataParallelTrainer.fit(spark, s1, data, cfg(1, 3)).params(), DataParallelTrainer.fit(spark, s1, data, cfg(1, 3)).params(),
        "stage 1");
  }

  @Test
  void stage2LossFallsOnRealImages() throws Exception {
    var rows = new InMemoryData<>(isicRows(4, false));
    TrainResult r = DataParallelTrainer.fit(spark, new Stage2Task(config, tok, 3, null, null, 0, 1, 1, 0), rows,
        cfg(1, 40).lr(1e-3f).warmupSteps(5));
    double first = (r.metrics().get(0).loss() + r.metrics().get(1).loss() + r.metrics().get(2).loss()) / 3;
    double last = (r.metrics().get(37).loss() + r.metrics().get(38).loss() + r.metrics().get(39).loss()) / 3;
    assertTrue(last < 0.7 * first, "loss " + first + " -> " + last + ": "
        + r.metrics().stream().map(m -> String.format("%.3f", m.loss())).toList());
  }

  @Test
  void stage1TwoWorkersMatchOne() {
    List<OntologyPairs.Term> terms = List.of(
        new OntologyPairs.Term("HP:0001626", "Abnormality of the cardiovascular system", "Any abnormality of the cardiovascular system.",
            List.of("Cardiovascular disease", "Cardiovascular abnormality"), List.of(), List.of("HP:0000118"), "cardiovascular"),
        new OntologyPairs.Term("HP:0001631", "Atrial septal defect", "A defect in the interatrial septum.",
            List.of("ASD", "Hole in heart wall separating two upper heart chambers"), List.of("Atrial septum defect"), List.of("HP:0001626"), "cardiovascular"),
        new OntologyPairs.Term("HP:0001629", "Ventricular septal defect", "A hole between the two bottom chambers of the heart.",
            List.of("VSD"), List.of("Interventricular septal defect"), List.of("HP:0001626"), "cardiovascular"),
        new OntologyPairs.Term("HP:0002090", "Pneumonia", "Inflammation of any part of the lung parenchyma.",
            List.of("Lung infection"), List.of(), List.of("HP:0000118"), "respiratory"),
        new OntologyPairs.Term("HP:0002861", "Melanoma", "The presence of a melanoma, a malignant neoplasm of melanocytes.",
            List.of("Malignant melanoma"), List.of(), List.of("HP:0000118"), "neoplasm"));
    var pairs = OntologyPairs.build(terms, 0, 1);
    assertTrue(pairs.train().size() >= 16, "pairs: " + pairs.train().size());
    var data = new InMemoryData<>(pairs.train());
    var task = new Stage1Task(config, tok, 3);
    TrainResult one = DataParallelTrainer.fit(spark, task, data, cfg(1, 4));
    TrainResult two = DataParallelTrainer.fit(spark, task, data, cfg(2, 4));
    double d = relativeUpdateDiff(initial(task), one.params(), two.params());
    assertTrue(d <= TOL, "2 workers differ from 1 by " + d + " of the update");
    for (int s = 0; s < 4; s++) {
      assertEquals(one.metrics().get(s).loss(), two.metrics().get(s).loss(), 1e-4, "loss of step " + s);
    }
  }
}
