package org.phenolip.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;
import org.phenolip.train.optim.ParameterVector;

/**
 * The replica loop without Spark: N replicas as threads over a loopback TCP ring.
 *
 * <p>Tolerance of the N-worker vs one-worker equivalence: float32 sums in a different order
 * (per-worker partial batch sums, then the ring's sum over workers, instead of one sum over
 * the batch) differ in the last bits, about 1e-7 relative per step; after a few AdamW steps at
 * lr 1e-2 that is below 1e-5 absolute on the parameters. Runs with the same worker count are
 * bit for bit identical.
 */
class ReplicaTrainerTest {
  static final double TOL = 1e-5;

  static TrainConfig config(int workers) {
    return new TrainConfig().workers(workers).globalBatch(8).epochs(2).seed(7).lr(1e-2f).warmupSteps(2)
        .checksumEvery(2).commTimeoutMs(20_000).progress(false);
  }

  @Test
  void twoAndFourWorkersMatchOneWorkerWithTheFullBatch() throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1); // 5 steps per epoch, 10 in all
    var task = new Synthetic.Regression();
    ReplicaReport one = Replicas.run(task, data, config(1)).get(0);
    assertEquals(10, one.endStep());
    for (int n : new int[] {2, 4}) {
      List<ReplicaReport> many = Replicas.run(task, data, config(n));
      for (ReplicaReport r : many) assertEquals(many.get(0).paramChecksum(), r.paramChecksum(), "replicas identical");
      double d = Replicas.maxAbsDiff(one.params(), many.get(0).params());
      assertTrue(d <= TOL, n + " workers differ from 1 by " + d);
      // and training did something
      assertTrue(Replicas.maxAbsDiff(one.params(), initial(task)) > 1e-2);
      assertTrue(one.metrics().get(9).loss() < one.metrics().get(0).loss(), "loss falls");
      assertEquals(one.metrics().get(3).loss(), many.get(0).metrics().get(3).loss(), 1e-5);
    }
  }

  @Test
  void contrastiveLossOverGatheredEmbeddingsMatchesOneWorker() throws Exception {
    var data = Synthetic.pairs(48, Synthetic.X, Synthetic.Y, 2);
    var task = new Synthetic.Contrastive();
    TrainConfig one = config(1);
    TrainConfig two = config(2);
    ReplicaReport a = Replicas.run(task, data, one).get(0);
    ReplicaReport b = Replicas.run(task, data, two).get(0);
    double d = Replicas.maxAbsDiff(a.params(), b.params());
    assertTrue(d <= TOL, "2 workers differ from 1 by " + d);
    assertEquals(a.metrics().get(0).loss(), b.metrics().get(0).loss(), 1e-6, "global-batch loss on every worker");
    assertTrue(a.metrics().get(11).loss() < a.metrics().get(0).loss(), "contrastive loss falls");
  }

  @Test
  void bucketedAllReduceOverlapsTheCopyWithoutChangingTheResult() throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Regression();
    // 2 workers: every element is a+b summed at one rank, so any bucket layout gives the same bits.
    float[] fused = Replicas.run(task, data, config(2).bucketFloats(0)).get(0).params();
    for (int floats : new int[] {1, 8, 100}) {
      List<ReplicaReport> bucketed = Replicas.run(task, data, config(2).bucketFloats(floats));
      assertArrayEquals(fused, bucketed.get(0).params(), "2 workers, buckets of " + floats);
      assertTrue(bucketed.get(0).metrics().stream().allMatch(m -> m.waitSeconds() >= 0 && m.commSeconds() >= 0));
    }
    // 4 workers: still within the N-vs-1 tolerance, and repeatable bit for bit.
    float[] one = Replicas.run(task, data, config(1)).get(0).params();
    float[] four = Replicas.run(task, data, config(4).bucketFloats(8)).get(0).params();
    assertTrue(Replicas.maxAbsDiff(one, four) <= TOL, "4 workers bucketed differ from 1");
    assertArrayEquals(four, Replicas.run(task, data, config(4).bucketFloats(8)).get(0).params());
  }

  @Test
  void sameWorkerCountIsBitForBitRepeatable() throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Regression();
    float[] a = Replicas.run(task, data, config(2)).get(0).params();
    float[] b = Replicas.run(task, data, config(2)).get(0).params();
    assertArrayEquals(a, b);
  }

  @Test
  void divergedReplicaIsDetectedByTheChecksum() {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    TrainingTask<Synthetic.Pair> corrupting = new TrainingTask<>() {
      final Synthetic.Regression inner = new Synthetic.Regression();

      @Override public Block buildModel(NDManager manager) { return inner.buildModel(manager); }

      @Override public TrainConfig.Reduction reduction() { return inner.reduction(); }

      @Override
      public float lossAndBackward(Block model, List<Synthetic.Pair> batch, StepContext ctx) {
        if (ctx.rank() == 1 && ctx.globalStep() == 2) {
          ParameterVector pv = ParameterVector.trainable(model);
          float[] v = pv.values();
          v[0] += 1e-3f; // a replica that silently drifts
          pv.setValues(v);
        }
        return inner.lossAndBackward(model, batch, ctx);
      }
    };
    Exception e = assertThrows(Exception.class, () -> Replicas.run(corrupting, data, config(2)));
    ReplicaDivergenceException d = assertInstanceOf(ReplicaDivergenceException.class, e);
    assertTrue(d.getMessage().contains("diverged after step 4: rank 1"), d.getMessage());
  }

  @Test
  void stoppedAndResumedRunEndsBitForBitWhereAnUninterruptedOneDoes(@TempDir Path tmp) throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Regression();
    float[] straight = Replicas.run(task, data, config(2)).get(0).params();

    String ck = tmp.resolve("ck").toUri().toString();
    Path metrics = tmp.resolve("metrics.jsonl");
    TrainConfig part = config(2).checkpointDir(ck).checkpointEvery(3).maxSteps(4).metricsPath(metrics.toString());
    ReplicaReport first = Replicas.run(task, data, part).get(0);
    assertEquals(4, first.endStep());
    ReplicaReport rest = Replicas.run(task, data, config(2).checkpointDir(ck).checkpointEvery(3).resume(true)
        .metricsPath(metrics.toString())).get(0);
    assertEquals(4, rest.startStep(), "resumed from the checkpoint written when the run stopped");
    assertEquals(10, rest.endStep());
    assertArrayEquals(straight, rest.params());

    List<String> lines = Files.readAllLines(metrics);
    assertEquals(10, lines.size(), "one JSON line per step across both runs");
    var row = Json.MAPPER.readTree(lines.get(9));
    assertEquals(9, row.get("step").asLong());
    for (String f : new String[] {"loss", "lr", "samples_per_s", "comm_s", "grad_norm", "step_s"}) {
      assertTrue(row.has(f), f);
    }
    assertEquals(2, row.get("workers").asInt());
  }

  @Test
  void resumeRefusesAnotherModelsCheckpoint(@TempDir Path tmp) throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    String ck = tmp.resolve("ck").toUri().toString();
    Replicas.run(new Synthetic.Regression(), data, config(1).checkpointDir(ck).maxSteps(2));
    Exception e = assertThrows(IllegalStateException.class,
        () -> Replicas.run(new Synthetic.Regression(12), data, config(1).checkpointDir(ck).resume(true)));
    assertTrue(e.getMessage().contains("is of another model"), e.getMessage());
  }

  @Test
  void badBatchIsAClearError() {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    Exception e = assertThrows(IllegalArgumentException.class,
        () -> Replicas.run(new Synthetic.Regression(), data, config(3).globalBatch(8)));
    assertTrue(e.getMessage().contains("multiple of the 3 workers"), e.getMessage());
  }

  static float[] initial(TrainingTask<?> task) {
    try (NDManager m = NDManager.newBaseManager()) {
      ai.djl.engine.Engine.getInstance().setRandomSeed(7);
      return ParameterVector.trainable(task.buildModel(m)).values();
    }
  }
}
