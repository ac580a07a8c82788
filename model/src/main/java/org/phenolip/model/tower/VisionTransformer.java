package org.phenolip.model.tower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The image tower: a ViT with pre-LayerNorm blocks. Input (B, 3, S, S) normalised images;
 * output (B, W), the final-LayerNormed [CLS] token. Patch embedding is a stride-p convolution,
 * then a learned [CLS] token and learned position embeddings.
 */
public final class VisionTransformer extends AbstractBlock {
  private final ModelConfig config;
  private final Parameter patchWeight;
  private final Parameter patchBias;
  private final Parameter clsToken;
  private final Parameter positions;
  private final Parameter lnGamma;
  private final Parameter lnBeta;
  private final List<PreNormBlock> blocks = new ArrayList<>();

  public VisionTransformer(ModelConfig config) {
    this.config = config;
    int w = config.visionWidth();
    int p = config.patchSize();
    long tokens = (long) config.gridSize() * config.gridSize() + 1;
    patchWeight = addParameter(Params.weight("patch_weight", w, 3, p, p));
    patchBias = addParameter(Params.bias("patch_bias", w));
    clsToken = addParameter(Params.weight("cls_token", 1, 1, w));
    positions = addParameter(Params.weight("positions", tokens, w));
    for (int i = 0; i < config.visionDepth(); i++) {
      blocks.add(addChildBlock("block" + i, new PreNormBlock(w, config.visionHeads(), config.mlpRatio())));
    }
    lnGamma = addParameter(Params.gamma("ln_gamma", w));
    lnBeta = addParameter(Params.beta("ln_beta", w));
  }

  public ModelConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray images = inputs.get(0);
    var device = images.getDevice();
    Shape s = images.getShape();
    if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != config.imageSize() || s.get(3) != config.imageSize()) {
      throw new IllegalArgumentException("vision tower expects (B, 3, " + config.imageSize() + ", "
          + config.imageSize() + ") images, got " + s);
    }
    long b = s.get(0);
    int w = config.visionWidth();
    int p = config.patchSize();
    NDArray x = Conv2d.conv2d(images, ps.getValue(patchWeight, device, training),
        ps.getValue(patchBias, device, training), new Shape(p, p)).singletonOrThrow();
    x = x.reshape(b, w, -1).transpose(0, 2, 1);
    NDArray cls = ps.getValue(clsToken, device, training).broadcast(b, 1, w);
    cls.attach(x.getManager()); // else the per-step copy would live as long as the parameter
    x = cls.concat(x, 1).add(ps.getValue(positions, device, training));
    for (PreNormBlock block : blocks) {
      x = block.apply(ps, x, null, training);
    }
    NDArray first = x.get(":, 0, :");
    return new NDList(PreNormBlock.layerNorm(first, ps.getValue(lnGamma, device, training),
        ps.getValue(lnBeta, device, training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.visionWidth())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tokens = new Shape(inputShapes[0].get(0), (long) config.gridSize() * config.gridSize() + 1,
        config.visionWidth());
    for (PreNormBlock block : blocks) {
      block.initialize(manager, dataType, tokens);
    }
  }
}
