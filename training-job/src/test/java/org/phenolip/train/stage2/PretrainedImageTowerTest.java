package org.phenolip.train.stage2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Npz;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.model.tower.TorchScriptTower;
import org.phenolip.model.tower.TowerSpec;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.InMemoryData;
import org.phenolip.train.loop.StepContext;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.train.loop.TrainingTask;
import org.phenolip.train.optim.ParameterVector;
import org.phenolip.train.settings.PretrainedTowers;

/**
 * A pretrained image tower, made here because none can be downloaded: the untrained TorchScript
 * CNN of {@code src/test/resources/tower} (architecture from
 * {@code scripts/make_test_tower_template.py}) is trained to tell pneumonia from normal on
 * PneumoniaMNIST's training split, by this project's trainer, and exported to TorchScript with
 * its tower.json. Stage 2 (plain CLIP, λ = 0) then trains two students for the same steps on
 * the same captioned training images, one from the tower and one from random init; scored
 * zero-shot (the two class captions as prompts) on the 624 images of the test split, which
 * neither saw, the tower's student must beat the random one.
 */
class PretrainedImageTowerTest {
  static final Path NPZ = Path.of("../data/images/medmnist/pneumoniamnist.npz");
  static final Path TEMPLATE = Path.of("src/test/resources/tower/small_cnn_untrained.pt");
  static final int SIDE = 28;
  static final int WIDTH = 32;
  static final float[] MEAN = {0.5f, 0.5f, 0.5f};
  static final float[] STD = {0.25f, 0.25f, 0.25f};
  static final String[] PROMPTS = {"Normal chest radiograph without consolidation.", "Chest radiograph showing pneumonia."};

  static SparkSession spark;
  static Map<String, Npz.Array> npz;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSessions.getOrCreate("pretrained-tower-test", DataParallelTrainer.localMaster(1), DataParallelTrainer.sessionConf(1));
    npz = Npz.read(NPZ);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** One labelled 28×28 grey image of a split (its bytes: the task normalises them as the tower's spec says). */
  record Labelled(byte[] grey, int label) implements java.io.Serializable {
    float[] pixels() {
      float[] chw = new float[3 * SIDE * SIDE];
      for (int i = 0; i < SIDE * SIDE; i++) {
        for (int c = 0; c < 3; c++) chw[c * SIDE * SIDE + i] = ((grey[i] & 0xFF) / 255f - MEAN[c]) / STD[c];
      }
      return chw;
    }
  }

  static BufferedImage image(String split, int i) {
    byte[] px = npz.get(split + "_images").uint8();
    BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, SIDE, SIDE, java.util.Arrays.copyOfRange(px, i * SIDE * SIDE, (i + 1) * SIDE * SIDE));
    return img;
  }

  static int label(String split, int i) {
    return npz.get(split + "_labels").uint8()[i];
  }

  static int count(String split) {
    return npz.get(split + "_labels").shape()[0];
  }

  /** The tower with a linear head over its 32 features: what the supervised pretraining trains. */
  static final class Classifier extends AbstractBlock {
    final TorchScriptTower tower;

    Classifier(TorchScriptTower tower) {
      this.tower = addChildBlock("tower", tower);
      addChildBlock("head", Linear.builder().setUnits(2).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
      NDList features = tower.forward(ps, in, training);
      return children.get("02head").forward(ps, features, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
      tower.initialize(manager, dataType, inputShapes);
      children.get("02head").initialize(manager, dataType, new Shape(inputShapes[0].get(0), WIDTH));
    }
  }

  /** Supervised pretraining: softmax cross-entropy over pneumonia vs normal. */
  static final class Pretraining implements TrainingTask<Labelled> {
    @Override
    public Block buildModel(NDManager manager) {
      try {
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(7);
        Classifier c = new Classifier(TorchScriptTower.load(TEMPLATE.toAbsolutePath(), manager, WIDTH, true));
        c.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIDE, SIDE));
        return c;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public float lossAndBackward(Block model, List<Labelled> batch, StepContext ctx) {
      NDManager m = ctx.manager();
      float[] flat = new float[batch.size() * 3 * SIDE * SIDE];
      float[] labels = new float[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        System.arraycopy(batch.get(i).pixels(), 0, flat, i * 3 * SIDE * SIDE, 3 * SIDE * SIDE);
        labels[i] = batch.get(i).label();
      }
      NDArray logits = model.forward(new ParameterStore(m, false),
          new NDList(m.create(flat, new Shape(batch.size(), 3, SIDE, SIDE))), true).singletonOrThrow();
      NDArray loss = ai.djl.training.loss.Loss.softmaxCrossEntropyLoss()
          .evaluate(new NDList(m.create(labels)), new NDList(logits));
      ctx.backward(loss);
      return loss.getFloat();
    }

    @Override
    public TrainConfig.Reduction reduction() {
      return TrainConfig.Reduction.MEAN;
    }
  }

  static TrainConfig cfg(int batch, int steps, float lr) {
    return new TrainConfig().workers(1).globalBatch(batch).epochs(100).maxSteps(steps).seed(5).lr(lr)
        .warmupSteps(2).checksumEvery(0).commTimeoutMs(60_000).progress(false);
  }

  /** Pretrains the template on the training split and exports it as a tower folder; returns its train accuracy. */
  static double pretrainAndExport(Path dir) throws Exception {
    byte[] px = npz.get("train_images").uint8();
    List<Labelled> rows = new ArrayList<>();
    for (int i = 0; i < count("train"); i++) {
      rows.add(new Labelled(java.util.Arrays.copyOfRange(px, i * SIDE * SIDE, (i + 1) * SIDE * SIDE), label("train", i)));
    }
    Pretraining task = new Pretraining();
    TrainResult fit = DataParallelTrainer.fit(spark, task, new InMemoryData<>(rows), cfg(64, 150, 3e-3f));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Classifier c = (Classifier) task.buildModel(m);
      ParameterVector.trainable(c).setValues(fit.params());
      c.tower.export(dir, TowerSpec.image("model.pt", WIDTH, SIDE, MEAN, STD));
      int right = 0;
      boolean grad = org.phenolip.model.engine.Autograd.gradMode(false);
      for (int from = 0; from < 512; from += 128) {
        float[] flat = new float[128 * 3 * SIDE * SIDE];
        for (int i = 0; i < 128; i++) System.arraycopy(rows.get(from + i).pixels(), 0, flat, i * 3 * SIDE * SIDE, 3 * SIDE * SIDE);
        NDArray logits = c.forward(new ParameterStore(m, false), new NDList(m.create(flat, new Shape(128, 3, SIDE, SIDE))), false)
            .singletonOrThrow();
        long[] pred = logits.argMax(1).toLongArray();
        for (int i = 0; i < 128; i++) if (pred[i] == rows.get(from + i).label()) right++;
      }
      org.phenolip.model.engine.Autograd.gradMode(grad);
      return right / 512.0;
    }
  }

  static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Zero-shot accuracy on the test split: each image gets the prompt its embedding is closest to. */
  static int zeroShotRight(Stage2Task task, TrainResult fit, TokenizerSpec tok, ModelConfig config) throws Exception {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel model = (PhenolipModel) task.buildModel(m);
      ParameterVector.trainable(model).setValues(fit.params());
      PhenolipEncoder enc = new PhenolipEncoder(model, tok.tokenizer(), m);
      float[][] prompts = enc.embedTexts(List.of(PROMPTS));
      List<byte[]> images = new ArrayList<>();
      for (int i = 0; i < count("test"); i++) images.add(png(image("test", i)));
      List<String> errors = new ArrayList<>();
      float[][] emb = enc.embedImages(images, errors);
      assertTrue(errors.isEmpty(), errors.toString());
      int right = 0;
      for (int i = 0; i < emb.length; i++) {
        double s0 = 0;
        double s1 = 0;
        for (int k = 0; k < emb[i].length; k++) {
          s0 += emb[i][k] * prompts[0][k];
          s1 += emb[i][k] * prompts[1][k];
        }
        if ((s1 > s0 ? 1 : 0) == label("test", i)) right++;
      }
      return right;
    }
  }

  @Test
  void aTowerPretrainedOnPneumoniaMnistBeatsRandomInitZeroShot(@TempDir Path dir) throws Exception {
    Path towerDir = dir.resolve("tower");
    double trainAcc = pretrainAndExport(towerDir);
    TowerSpec spec = TowerSpec.read(towerDir, TowerSpec.IMAGE);
    assertEquals(WIDTH, spec.outputDim());

    // Stage 2 pairs: 400 training images per class, each captioned with its class.
    List<Stage2Row> pairs = new ArrayList<>();
    int[] taken = new int[2];
    for (int i = 0; i < count("train") && taken[0] + taken[1] < 800; i++) {
      int y = label("train", i);
      if (taken[y] >= 400) continue;
      taken[y]++;
      pairs.add(new Stage2Row("train-" + i, png(image("train", i)), PROMPTS[y], null));
    }
    TokenizerSpec tok = TokenizerSpec.fromVocabTxt(Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt"));
    ModelConfig base = ModelConfig.tiny(tok.size());
    ModelConfig withTower = base.withTowers(spec, null, 0);
    var towers = new PretrainedTowers(towerDir.toUri().toString(), spec, null, null, 0.1f);
    Stage2Task fromTower = new Stage2Task(withTower, tok, 3, null, null, 0, 1, 1, 0, towers);
    Stage2Task fromRandom = new Stage2Task(base, tok, 3, null, null, 0, 1, 1, 0);
    TrainResult a = DataParallelTrainer.fit(spark, fromTower, new InMemoryData<>(pairs), cfg(32, 60, 1e-3f));
    TrainResult b = DataParallelTrainer.fit(spark, fromRandom, new InMemoryData<>(pairs), cfg(32, 60, 1e-3f));
    int n = count("test");
    int tower = zeroShotRight(fromTower, a, tok, withTower);
    int random = zeroShotRight(fromRandom, b, tok, base);
    double[] ci = wilson(tower, n);
    String report = String.format("pretraining train accuracy %.3f; zero-shot on %d test images: tower %.3f [%.3f, %.3f], "
        + "random init %.3f (majority class %.3f)", trainAcc, n, tower / (double) n, ci[0], ci[1], random / (double) n,
        390 / (double) n);
    System.out.println(report);
    assertTrue(trainAcc > 0.8, report);
    assertTrue(ci[0] > random / (double) n, report);
    assertTrue(ci[0] > 390 / (double) n, report);
  }

  static double[] wilson(int k, int n) {
    double z = 1.96;
    double p = k / (double) n;
    double d = 1 + z * z / n;
    double c = (p + z * z / (2 * n)) / d;
    double h = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
    return new double[] {c - h, c + h};
  }
}
