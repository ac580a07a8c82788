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
 * {@code config.json} and {@code model.params} (DJL's parameter format); a tower that came from
 * a pretrained TorchScript export ({@link TowerSpec}) is stored inside model.params as
 * TorchScript, and its spec beside it ({@code image_tower.json}, {@code text_tower.json}).
 */
public final class PhenolipModel extends AbstractBlock {
  public static final String CONFIG_FILE = "config.json";
  public static final String PARAMS_FILE = "model.params";
  /** Every setting that produced the model, written beside it by the trainer. */
  public static final String TRAINING_FILE = "training.json";
  /** The image tower's {@link TowerSpec} in a saved model whose image tower is TorchScript. */
  public static final String IMAGE_TOWER_FILE = "image_tower.json";
  /** The text tower's {@link TowerSpec} in a saved model whose text tower is TorchScript. */
  public static final String TEXT_TOWER_FILE = "text_tower.json";
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
  private final boolean savable;
  private final TowerSpec imageSpec;
  private final TowerSpec textSpec;

  /** A pretrained tower's folder (read on this machine) and what its tower.json says. */
  public record TowerSource(Path dir, TowerSpec spec) {}

  /** The model with this project's ViT and BERT-style towers. */
  public PhenolipModel(ModelConfig config) {
    this(config, new VisionTransformer(config), new TextEncoder(config), null, null, true);
  }

  /**
   * A model around other towers (e.g. {@link TorchScriptTower}s): the vision tower must map
   * (B,3,S,S) to (B, config.visionWidth()), the text tower [ids, mask] to (B, config.textWidth()).
   */
  public PhenolipModel(ModelConfig config, Block visionTower, Block textTower) {
    this(config, visionTower, textTower, null, null, false);
  }

  private PhenolipModel(ModelConfig config, Block visionTower, Block textTower, TowerSpec imageSpec,
      TowerSpec textSpec, boolean savable) {
    this.config = config;
    this.savable = savable;
    this.imageSpec = imageSpec;
    this.textSpec = textSpec;
    if (imageSpec != null && (imageSpec.outputDim() != config.visionWidth() || imageSpec.inputSize() != config.imageSize())) {
      throw new IllegalArgumentException("image tower " + imageSpec + " does not match the model config " + config
          + " (ModelConfig.withTowers makes one that does)");
    }
    if (textSpec != null && (textSpec.outputDim() != config.textWidth() || textSpec.maxLength() != config.maxTextLength())) {
      throw new IllegalArgumentException("text tower " + textSpec + " does not match the model config " + config
          + " (ModelConfig.withTowers makes one that does)");
    }
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

  /**
   * A new model whose image and/or text tower start from pretrained TorchScript towers (null:
   * the built-in tower, initialised from the engine's RNG seeded with {@code seed}); the
   * towers' parameters take gradients. {@code config} must have the towers' shapes
   * ({@link ModelConfig#withTowers}).
   */
  public static PhenolipModel create(ModelConfig config, NDManager manager, long seed, TowerSource image,
      TowerSource text) throws IOException {
    if (image == null && text == null) {
      return create(config, manager, seed);
    }
    Engine.getEngine("PyTorch").setRandomSeed((int) seed);
    Block v = image == null ? new VisionTransformer(config) : TorchScriptTower.load(image.dir(), image.spec(), manager, true);
    Block t = text == null ? new TextEncoder(config) : TorchScriptTower.load(text.dir(), text.spec(), manager, true);
    PhenolipModel model = new PhenolipModel(config, v, t, image == null ? null : image.spec(),
        text == null ? null : text.spec(), true);
    model.initialize(manager, DataType.FLOAT32, model.inputShapes(1));
    return model;
  }

  /** The image tower's spec when it is a pretrained TorchScript tower, else null (built-in ViT). */
  public TowerSpec imageTowerSpec() { return imageSpec; }

  /** The text tower's spec when it is a pretrained TorchScript tower, else null (built-in encoder). */
  public TowerSpec textTowerSpec() { return textSpec; }

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
  /** The (E × vision width) projection of image features into the shared space. */
  public Parameter imageProjectionParameter() { return imageProjection; }
  /** The (E × text width) projection of text features into the shared space. */
  public Parameter textProjectionParameter() { return textProjection; }
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
    if (!savable) {
      throw new IllegalStateException("save() supports the built-in towers and TorchScript towers from a "
          + "TowerSpec; save a model with other custom towers through writeParameters");
    }
    Files.createDirectories(dir);
    writeTowerSpecs(dir, imageSpec, textSpec);
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
    ModelConfig config = ModelConfig.read(configFile);
    TowerSpec image = readTowerSpec(dir.resolve(IMAGE_TOWER_FILE));
    TowerSpec text = readTowerSpec(dir.resolve(TEXT_TOWER_FILE));
    PhenolipModel model = new PhenolipModel(config,
        image == null ? new VisionTransformer(config) : TorchScriptTower.unloaded(manager, image.outputDim()),
        text == null ? new TextEncoder(config) : TorchScriptTower.unloaded(manager, text.outputDim()),
        image, text, true);
    try (InputStream in = Files.newInputStream(paramsFile)) {
      model.readParameters(manager, in);
    }
    return model;
  }

  /** Writes the TorchScript towers' specs of a model folder (none for built-in towers; stale ones removed). */
  public static void writeTowerSpecs(Path dir, TowerSpec image, TowerSpec text) throws IOException {
    Files.createDirectories(dir);
    for (var e : java.util.Map.of(IMAGE_TOWER_FILE, java.util.Optional.ofNullable(image),
        TEXT_TOWER_FILE, java.util.Optional.ofNullable(text)).entrySet()) {
      Path f = dir.resolve(e.getKey());
      if (e.getValue().isPresent()) org.phenolip.core.io.Json.write(f, e.getValue().get());
      else Files.deleteIfExists(f);
    }
  }

  /** The spec in a saved model's {@code image_tower.json}/{@code text_tower.json}, or null when there is none. */
  public static TowerSpec readTowerSpec(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return null;
    try {
      return org.phenolip.core.io.Json.MAPPER.readValue(Files.readAllBytes(file), TowerSpec.class);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
