package org.phenolip.train.stage2;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.train.checkpoint.CheckpointStore;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.InMemoryData;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.train.optim.ParameterVector;

/**
 * With {@code TrainConfig.modelPath} set, rank 0 writes the trained student itself (without the
 * distillation projection) and no parameters travel to the driver. Its file must hold exactly
 * the student part of the final parameters, which the last checkpoint records in full.
 */
class RankZeroWritesModelTest {
  @BeforeAll
  static void start() {
    StageTasksTest.start();
  }

  @AfterAll
  static void stop() {
    StageTasksTest.stop();
  }

  @Test
  void rankZeroWritesTheStudentAndTheDriverGetsNoParameters(@TempDir Path dir) throws Exception {
    int d = StageTasksTest.config.embedDim();
    float[] protos = new float[5 * d];
    Random r = new Random(9);
    for (int i = 0; i < protos.length; i++) protos[i] = (float) r.nextGaussian() * 0.2f;
    // with distillation the student is wrapped in a projection into the teacher's space
    var task = new Stage2Task(StageTasksTest.config, StageTasksTest.tok, 3, null, protos, 5, 0.1f, 0.1f, 0.5f);
    Path params = dir.resolve("model").resolve(PhenolipModel.PARAMS_FILE);
    var cfg = StageTasksTest.cfg(2, 3).modelPath(params.toUri().toString()).checkpointDir(dir.resolve("ckpt").toUri().toString());
    TrainResult fit = DataParallelTrainer.fit(StageTasksTest.spark, task, new InMemoryData<>(StageTasksTest.isicRows(2, true)), cfg);
    assertNull(fit.params(), "parameters were sent to the driver");
    assertTrue(Files.isRegularFile(params));
    float[] last = new CheckpointStore(cfg.checkpointDir(), null).latest().params();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel expected = PhenolipModel.create(StageTasksTest.config, m, 1);
      ParameterVector.trainable(new DistilledStudent(expected, d, m, 1)).setValues(last);
      PhenolipModel written = PhenolipModel.create(StageTasksTest.config, m, 2);
      try (InputStream in = Files.newInputStream(params)) {
        written.readParameters(m, in);
      }
      assertArrayEquals(ParameterVector.trainable(expected).values(), ParameterVector.trainable(written).values());
    }
    try (var files = Files.list(params.getParent())) {
      assertEquals(1, files.count(), "a temporary file was left beside the model");
    }
  }
}
