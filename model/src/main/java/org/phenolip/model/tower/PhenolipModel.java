package org.phenolip.model.tower;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.phenolip.model.engine.Autograd;
import org.phenolip.model.engine.Scalars;

/**
 * PhenoLIP's two-tower model: an image tower and a text tower, linear projections (no bias)
 * into a shared space, L2 normalisation, and a learnable logit scale s = exp(t), t initialised
 * to ln(1/0.07) and clamped to [0, ln 100].
 *
 * <p>As a DJL {@link Block}: inputs [images (B,3,S,S), ids (B,L) int64, mask (B,L)], outputs
 * [image embeddings (B,E), text embeddings (B,E), s (1)]. Saved as a folder holding
 * {@code config.json} and {@code model.params} (DJL's parameter format).
 */
public final class PhenolipModel extends AbstractBlock {
  public static final String CONFIG_FILE = "config.json";
  public static final String PARAMS_FILE = "model.params";
  /** Every setting that produced the model, written beside it by the trainer. */
  public static final String TRAINING_FILE = "training.json";
  /** t₀ = ln(1/0.07), CLIP's initial temperature. */
  public static final float INITIAL_LOGIT_SCALE_PARAM = (float) Math.log(1 / 0.07);
  /** Upper clamp of t: s ≤ 100. */
  public static final float MAX_LOGIT_SCALE_PARAM = (float) Math.log(100);

  private final ModelConfig config;
  private final Block vision;
  private final Block text;
  private final Parameter imageProjection;
  private final Parameter textProjection;
  private final Parameter logitScaleParam;
  private final boolean builtInTowers;

  /** The model with this project's ViT and BERT-style towers. */
  public PhenolipModel(ModelConfig config) {
    this(config, new VisionTransformer(config), new TextEncoder(config), true);
  }

  /**
   * A model around other towers (e.g. {@link TorchScriptTower}s): the vision tower must map
   * (B,3,S,S) to (B, config.visionWidth()), the text tower [ids, mask] to (B, config.textWidth()).
   */
  public PhenolipModel(ModelConfig config, Block visionTower, Block textTower) {
    this(config, visionTower, textTower, false);
  }

  private PhenolipModel(ModelConfig config, Block visionTower, Block textTower, boolean builtIn) {
    this.config = config;
    this.builtInTowers = builtIn;
    vision = addChildBlock("vision", visionTower);
    text = addChildBlock("text", textTower);
    imageProjection = addParameter(Params.weight("image_projection", config.embedDim(), config.visionWidth()));
    textProjection = addParameter(Params.weight("text_projection", config.embedDim(), config.textWidth()));
    logitScaleParam = addParameter(Params.constant("logit_scale", INITIAL_LOGIT_SCALE_PARAM, 1));
  }

  /** A new model with parameters initialised from the engine's RNG seeded with {@code seed}. */
  public static PhenolipModel create(ModelConfig config, NDManager manager, long seed) {
    Engine.getEngine("PyTorch").setRandomSeed((int) seed);
    PhenolipModel model = new PhenolipModel(config);
    model.initialize(manager, DataType.FLOAT32, model.inputShapes(1));
    return model;
  }

  /** Input shapes for a batch of {@code batch}: images, ids, mask. */
  public Shape[] inputShapes(long batch) {
    return new Shape[] {
      new Shape(batch, 3, config.imageSize(), config.imageSize()),
      new Shape(batch, config.maxTextLength()),
      new Shape(batch, config.maxTextLength())
    };
  }

  public ModelConfig config() { return config; }
  public Block visionTower() { return vision; }
  public Block textTower() { return text; }
  /** t, the raw logit-scale parameter (shape (1)); s = exp(clamp(t, 0, ln 100)). */
  public Parameter logitScaleParameter() { return logitScaleParam; }

  /** L2-normalised image embeddings (B, E), inference mode. */
  public NDArray encodeImages(NDArray images) {
    return encodeImages(new ParameterStore(images.getManager(), false), images, false);
  }

  /** L2-normalised image embeddings (B, E). */
  public NDArray encodeImages(ParameterStore ps, NDArray images, boolean training) {
    NDArray features = vision.forward(ps, new NDList(images), training).get(0);
    return project(ps, features, imageProjection, training);
  }

  /** L2-normalised text embeddings (B, E), inference mode. */
  public NDArray encodeTexts(NDArray ids, NDArray mask) {
    return encodeTexts(new ParameterStore(ids.getManager(), false), ids, mask, false);
  }

  /** L2-normalised text embeddings (B, E). */
  public NDArray encodeTexts(ParameterStore ps, NDArray ids, NDArray mask, boolean training) {
    NDArray features = text.forward(ps, new NDList(ids, mask), training).get(0);
    return project(ps, features, textProjection, training);
  }

  /**
   * s = exp(clamp(t, 0, ln 100)), shape (1), differentiable in t inside the range; the result
   * and its temporaries belong to {@code step} (the batch's manager) and live on its device.
   */
  public NDArray logitScale(ParameterStore ps, NDManager step, boolean training) {
    NDArray clamped = ps.getValue(logitScaleParam, step.getDevice(), training).clip(0f, MAX_LOGIT_SCALE_PARAM);
    clamped.attach(step);
    return clamped.exp();
  }

  /** Current value of t. */
  public float logitScaleParam() {
    return logitScaleParam.getArray().getFloat();
  }

  /** Clamps t into [0, ln 100] in place (call after each optimizer step, as OpenCLIP does). */
  public void clampLogitScale() {
    NDArray t = logitScaleParam.getArray();
    float value = t.getFloat();
    float clamped = Math.min(Math.max(value, 0f), MAX_LOGIT_SCALE_PARAM);
    if (clamped != value) {
      boolean grad = Autograd.gradMode(false); // in-place write on a leaf that requires grad
      try (NDManager tmp = t.getManager().newSubManager()) {
        t.set(new NDIndex("..."), tmp.create(new float[] {clamped}));
      } finally {
        Autograd.gradMode(grad);
      }
    }
  }

  private NDArray project(ParameterStore ps, NDArray features, Parameter projection, boolean training) {
    NDArray z = Linear.linear(features, ps.getValue(projection, features.getDevice(), training))
        .singletonOrThrow();
    return z.div(Scalars.maximum(z.norm(new int[] {-1}, true), 1e-12f));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray img = encodeImages(ps, inputs.get(0), training);
    NDArray txt = encodeTexts(ps, inputs.get(1), inputs.get(2), training);
    return new NDList(img, txt, logitScale(ps, img.getManager(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    return new Shape[] {new Shape(b, config.embedDim()), new Shape(b, config.embedDim()), new Shape(1)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    vision.initialize(manager, dataType, inputShapes[0]);
    text.initialize(manager, dataType, inputShapes[1], inputShapes[2]);
  }

  /** Writes every parameter (both towers included) in DJL's format. */
  public void writeParameters(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
    saveParameters(data);
    data.flush();
  }

  /** Reads parameters written by {@link #writeParameters} into this (same-config) model. */
  public void readParameters(NDManager manager, InputStream in) throws IOException {
    try {
      loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
    } catch (MalformedModelException e) {
      throw new IOException("model parameters do not match the config: " + e.getMessage(), e);
    }
    for (Parameter p : getParameters().values()) {
      if (p.requiresGradient() && !p.getArray().hasGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
  }

  /** Saves config.json and model.params into {@code dir} (each written to a temp file, then moved). */
  public void save(Path dir) throws IOException {
    if (!builtInTowers) {
      throw new IllegalStateException("save() supports the built-in towers only; save a model with "
          + "custom towers through writeParameters");
    }
    Files.createDirectories(dir);
    Path tmpConfig = dir.resolve(CONFIG_FILE + ".tmp");
    config.write(tmpConfig);
    Path tmpParams = dir.resolve(PARAMS_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmpParams)) {
      writeParameters(out);
    }
    Files.move(tmpParams, dir.resolve(PARAMS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(tmpConfig, dir.resolve(CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Loads a model saved by {@link #save}. */
  public static PhenolipModel load(Path dir, NDManager manager) throws IOException {
    Path configFile = dir.resolve(CONFIG_FILE);
    Path paramsFile = dir.resolve(PARAMS_FILE);
    if (!Files.isRegularFile(configFile) || !Files.isRegularFile(paramsFile)) {
      throw new IOException("not a saved PhenoLIP model (needs " + CONFIG_FILE + " and " + PARAMS_FILE + "): " + dir);
    }
    PhenolipModel model = new PhenolipModel(ModelConfig.read(configFile));
    try (InputStream in = Files.newInputStream(paramsFile)) {
      model.readParameters(manager, in);
    }
    return model;
  }
}
