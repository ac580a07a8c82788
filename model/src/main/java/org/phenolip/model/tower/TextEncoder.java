package org.phenolip.model.tower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.phenolip.model.engine.Scalars;

/**
 * The text tower: BERT-style token + learned position embeddings, pre-LayerNorm blocks with a
 * padding mask, final LayerNorm, [CLS] (position 0) pooling. Inputs: ids (B, L) int64 and the
 * attention mask (B, L) with 1 for real tokens and 0 for padding; output (B, W).
 */
public final class TextEncoder extends AbstractBlock {
  /** Added to attention scores at padded keys; exp of it is 0 in float32. */
  static final float MASKED = -1e4f;

  private final ModelConfig config;
  private final Parameter tokens;
  private final Parameter positions;
  private final Parameter lnGamma;
  private final Parameter lnBeta;
  private final List<PreNormBlock> blocks = new ArrayList<>();

  public TextEncoder(ModelConfig config) {
    this.config = config;
    int w = config.textWidth();
    tokens = addParameter(Params.weight("token_embedding", config.vocabSize(), w));
    positions = addParameter(Params.weight("position_embedding", config.maxTextLength(), w));
    for (int i = 0; i < config.textDepth(); i++) {
      blocks.add(addChildBlock("block" + i, new PreNormBlock(w, config.textHeads(), config.mlpRatio())));
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
    NDArray ids = inputs.get(0);
    NDArray mask = inputs.get(1);
    var device = ids.getDevice();
    Shape s = ids.getShape();
    if (s.dimension() != 2 || s.get(1) > config.maxTextLength() || !s.equals(mask.getShape())) {
      throw new IllegalArgumentException("text tower expects ids and mask of shape (B, L ≤ "
          + config.maxTextLength() + "), got " + s + " and " + mask.getShape());
    }
    long b = s.get(0);
    long len = s.get(1);
    if (ids.getDataType() != DataType.INT64) {
      ids = ids.toType(DataType.INT64, false);
    }
    NDArray x = Embedding.embedding(ids, ps.getValue(tokens, device, training), SparseFormat.DENSE)
        .singletonOrThrow();
    NDArray pos = ps.getValue(positions, device, training).get("0:" + len);
    pos.attach(x.getManager()); // per-step array: free it with the step, not with the parameter
    x = x.add(pos);
    NDArray bias = Scalars.mul(mask.toType(DataType.FLOAT32, false).neg().add(1f), MASKED)
        .reshape(b, 1, 1, len).toType(x.getDataType(), false);
    for (PreNormBlock block : blocks) {
      x = block.apply(ps, x, bias, training);
    }
    NDArray first = x.get(":, 0, :");
    return new NDList(PreNormBlock.layerNorm(first, ps.getValue(lnGamma, device, training),
        ps.getValue(lnBeta, device, training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.textWidth())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.textWidth());
    for (PreNormBlock block : blocks) {
      block.initialize(manager, dataType, x);
    }
  }
}
