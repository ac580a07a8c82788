package org.phenolip.train.stage2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.image.ImageDecodeException;
import org.phenolip.model.image.ImagePipeline;
import org.phenolip.train.loop.StepContext;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainingTask;
import org.phenolip.train.loss.DistillationLoss;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.train.settings.PretrainedTowers;
import org.phenolip.train.optim.ParameterVector;
import org.phenolip.train.stage1.ContrastiveStep;
import org.phenolip.model.engine.Scalars;

/**
 * Stage 2: CLIP contrastive learning over the global batch plus teacher-guided distillation.
 * The student's distribution over the stage-1 phenotype prototypes (from its image embedding,
 * mapped by a learned projection into the teacher's space, {@link DistilledStudent}) is pulled
 * towards the frozen teacher's distribution (from the caption). Initialisation
 * ({@code initDir}: the teacher's weights, or null for random) is independent of λ.
 */
public final class Stage2Task implements TrainingTask<Stage2Row> {
  private static final long serialVersionUID = 1L;
  private final ModelConfig config;
  private final TokenizerSpec tokenizer;
  private final long seed;
  private final String teacherDir;
  private final float[] prototypes;
  private final int prototypeCount;
  private final float tauTeacher;
  private final float tauStudent;
  private final float lambda;
  private final PretrainedTowers towers;
  private transient NDArray prototypeArray;

  /**
   * @param teacherDir the model folder the student starts from (a path every executor can
   *     read; the teacher for {@code --init teacher}), or null to start from random weights
   * @param prototypes P × D teacher phenotype embeddings, row-major, or null for no distillation
   */
  public Stage2Task(ModelConfig config, TokenizerSpec tokenizer, long seed, String teacherDir,
      float[] prototypes, int prototypeCount, float tauTeacher, float tauStudent, float lambda) {
    this(config, tokenizer, seed, teacherDir, prototypes, prototypeCount, tauTeacher, tauStudent, lambda, PretrainedTowers.NONE);
  }

  /** As above, the student's image and/or text tower starting from pretrained {@code towers}. */
  public Stage2Task(ModelConfig config, TokenizerSpec tokenizer, long seed, String teacherDir,
      float[] prototypes, int prototypeCount, float tauTeacher, float tauStudent, float lambda, PretrainedTowers towers) {
    this.towers = towers;
    this.config = config;
    this.tokenizer = tokenizer;
    this.seed = seed;
    this.teacherDir = teacherDir;
    this.prototypes = prototypes;
    this.prototypeCount = prototypeCount;
    this.tauTeacher = tauTeacher;
    this.tauStudent = tauStudent;
    this.lambda = lambda;
  }

  /** Each worker back-propagates its part of one global loss: gradients are summed. */
  @Override
  public TrainConfig.Reduction reduction() {
    return TrainConfig.Reduction.SUM;
  }

  @Override
  public Block buildModel(NDManager manager) {
    PhenolipModel model = initialModel(manager);
    return distills() ? new DistilledStudent(model, prototypes.length / prototypeCount, manager, seed) : model;
  }

  /** The student alone (its projection into the teacher's space is for training only). */
  @Override
  public void writeModel(Block model, java.io.OutputStream out) throws IOException {
    (model instanceof DistilledStudent d ? d.student() : (PhenolipModel) model).writeParameters(out);
  }

  private boolean distills() {
    return prototypes != null && lambda > 0;
  }

  private PhenolipModel initialModel(NDManager manager) {
    PhenolipModel model = towers.create(config, manager, seed);
    if (teacherDir != null) {
      try (NDManager tmp = manager.newSubManager()) {
        PhenolipModel teacher = PhenolipModel.load(org.phenolip.core.io.Storage.forTask().localTree(teacherDir), tmp);
        if (!towers.any() && teacher.textTowerSpec() == null && !teacher.config().equals(config)) {
          throw new IllegalArgumentException("teacher " + teacherDir + " has another shape (" + teacher.config()
              + ") than the student preset (" + config + ")");
        }
        startFromTeacher(model, teacher);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load teacher " + teacherDir, e);
      }
    }
    return model;
  }

  /**
   * {@code --init teacher}: the teacher's text tower (built-in, or the same TorchScript tower it
   * was trained from: the trainer checks which), text projection and logit scale, and its image
   * tower and projection unless the student has a pretrained image tower, which keeps its
   * weights (the teacher's ViT never saw an image) and whose projection starts at random.
   */
  private void startFromTeacher(PhenolipModel model, PhenolipModel teacher) {
    copy(ParameterVector.trainable(teacher.textTower()), ParameterVector.trainable(model.textTower()), "text tower");
    List<ai.djl.nn.Parameter[]> pairs = new java.util.ArrayList<>(List.of(
        new ai.djl.nn.Parameter[] {teacher.textProjectionParameter(), model.textProjectionParameter()},
        new ai.djl.nn.Parameter[] {teacher.logitScaleParameter(), model.logitScaleParameter()}));
    if (towers.image() == null) {
      copy(ParameterVector.trainable(teacher.visionTower()), ParameterVector.trainable(model.visionTower()), "image tower");
      pairs.add(new ai.djl.nn.Parameter[] {teacher.imageProjectionParameter(), model.imageProjectionParameter()});
    }
    for (ai.djl.nn.Parameter[] pair : pairs) {
      if (!pair[0].getArray().getShape().equals(pair[1].getArray().getShape())) {
        throw new IllegalArgumentException("teacher " + teacherDir + ": " + pair[0].getName() + " has shape "
            + pair[0].getArray().getShape() + ", the student " + pair[1].getArray().getShape());
      }
      boolean grad = org.phenolip.model.engine.Autograd.gradMode(false);
      try {
        pair[1].getArray().set(pair[0].getArray().toFloatArray());
      } finally {
        org.phenolip.model.engine.Autograd.gradMode(grad);
      }
    }
  }

  private void copy(ParameterVector from, ParameterVector to, String what) {
    if (!from.names().equals(to.names()) || from.size() != to.size()) {
      throw new IllegalArgumentException("teacher " + teacherDir + " has another " + what + " (" + from.size()
          + " parameters) than the student (" + to.size() + ")");
    }
    to.setValues(from.values());
  }

  /** A pretrained tower is fine-tuned at its own rate: {@code lrScale} × the scheduled rate. */
  @Override
  public float[] learningRateScales(Block block, ParameterVector pv) {
    return towers.learningRateScales(student(block), pv);
  }

  /** t is clamped in place to [0, ln 100], as CLIP does, so it can never stick outside the range. */
  @Override
  public void afterStep(Block model) {
    student(model).clampLogitScale();
  }

  static PhenolipModel student(Block b) {
    return b instanceof DistilledStudent d ? d.student() : (PhenolipModel) b;
  }

  @Override
  public float lossAndBackward(Block block, List<Stage2Row> batch, StepContext ctx) {
    PhenolipModel model = student(block);
    NDManager m = ctx.manager();
    ParameterStore ps = new ParameterStore(m, false);
    int s = config.imageSize();
    List<Stage2Row> ready = batch.get(0).pixels() != null ? batch : prepare(batch, ctx.globalStep(), ctx.localRowOffset());
    float[] pixels = new float[batch.size() * 3 * s * s];
    for (int i = 0; i < ready.size(); i++) System.arraycopy(ready.get(i).pixels(), 0, pixels, i * 3 * s * s, 3 * s * s);
    NDArray img = model.encodeImages(ps, m.create(pixels, new Shape(batch.size(), 3, s, s)), true);
    NDArray[] tok = PhenolipEncoder.tokens(m, tokenizer.tokenizer(),
        batch.stream().map(Stage2Row::caption).toList(), config.maxTextLength());
    NDArray txt = model.encodeTexts(ps, tok[0], tok[1], true);

    NDArray distill = null;
    if (distills()) {
      int d = prototypes.length / prototypeCount;
      float[] teacherCaps = new float[batch.size() * d];
      for (int i = 0; i < batch.size(); i++) System.arraycopy(batch.get(i).teacherCaption(), 0, teacherCaps, i * d, d);
      NDArray protos = prototypes(model.logitScaleParameter().getArray().getManager());
      NDArray caps = m.create(teacherCaps, new Shape(batch.size(), d));
      NDArray projected = ((DistilledStudent) block).toTeacherSpace(ps, img, true);
      // The loss is a mean over the local rows: scale to this worker's share of the global mean.
      distill = Scalars.mul(new DistillationLoss(tauTeacher, tauStudent, lambda).compute(projected, protos, caps, protos),
          (float) batch.size() / ctx.globalBatch());
    }
    return ContrastiveStep.run(model, img, txt, ctx, null, distill);
  }

  /** Decodes and augments each row's image (seeded by its global row), dropping the bytes. */
  @Override
  public List<Stage2Row> prepare(List<Stage2Row> rows, long step, int firstGlobalRow) {
    ImagePipeline pipeline = PhenolipEncoder.pipeline(config.imageSize(), towers.image(), true);
    List<Stage2Row> out = new java.util.ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Stage2Row r = rows.get(i);
      try {
        float[] p = pipeline.process(r.image(), rowSeed(step, firstGlobalRow + i));
        out.add(new Stage2Row(r.figureId(), null, r.caption(), r.teacherCaption(), p));
      } catch (ImageDecodeException e) {
        // Rows are checked before training; a failure here is a real fault.
        throw new IllegalStateException("figure " + r.figureId() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Augmentation seed of one row of the global batch: independent of how the batch is split
   * over workers, so N workers see exactly the images one worker would.
   */
  long rowSeed(long step, int globalRow) {
    long h = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + globalRow * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  private synchronized NDArray prototypes(NDManager modelManager) {
    if (prototypeArray == null) {
      prototypeArray = modelManager.create(prototypes, new Shape(prototypeCount, prototypes.length / prototypeCount));
    }
    return prototypeArray;
  }
}
