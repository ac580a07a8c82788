package org.phenolip.model.tower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.phenolip.model.engine.Scalars;

/**
 * One pre-LayerNorm transformer block, x + MHA(LN(x)) then x + MLP(LN(x)), written with
 * plain DJL ops (DJL's own transformer blocks are post-norm and several times slower).
 *
 * <p>Inputs: x (B, L, W) and optionally an additive attention bias (B, 1, 1, L) that is 0 for
 * real tokens and very negative for padding. Same parameter layout as a PyTorch block with a
 * fused qkv Linear(W, 3W), an output Linear(W, W), fc1 Linear(W, rW) and fc2 Linear(rW, W).
 */
public final class PreNormBlock extends AbstractBlock {
  static final float LN_EPS = 1e-6f;

  private final int width;
  private final int heads;
  private final Parameter ln1Gamma;
  private final Parameter ln1Beta;
  private final Parameter qkvWeight;
  private final Parameter qkvBias;
  private final Parameter outWeight;
  private final Parameter outBias;
  private final Parameter ln2Gamma;
  private final Parameter ln2Beta;
  private final Parameter fc1Weight;
  private final Parameter fc1Bias;
  private final Parameter fc2Weight;
  private final Parameter fc2Bias;

  public PreNormBlock(int width, int heads, int mlpRatio) {
    this.width = width;
    this.heads = heads;
    int hidden = width * mlpRatio;
    ln1Gamma = addParameter(Params.gamma("ln1_gamma", width));
    ln1Beta = addParameter(Params.beta("ln1_beta", width));
    qkvWeight = addParameter(Params.weight("qkv_weight", 3L * width, width));
    qkvBias = addParameter(Params.bias("qkv_bias", 3L * width));
    outWeight = addParameter(Params.weight("out_weight", width, width));
    outBias = addParameter(Params.bias("out_bias", width));
    ln2Gamma = addParameter(Params.gamma("ln2_gamma", width));
    ln2Beta = addParameter(Params.beta("ln2_beta", width));
    fc1Weight = addParameter(Params.weight("fc1_weight", hidden, width));
    fc1Bias = addParameter(Params.bias("fc1_bias", hidden));
    fc2Weight = addParameter(Params.weight("fc2_weight", width, hidden));
    fc2Bias = addParameter(Params.bias("fc2_bias", width));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = inputs.size() > 1 ? inputs.get(1) : null;
    return new NDList(apply(ps, x, bias, training));
  }

  NDArray apply(ParameterStore ps, NDArray x, NDArray attentionBias, boolean training) {
    var device = x.getDevice();
    Shape s = x.getShape();
    long b = s.get(0);
    long len = s.get(1);
    long headDim = width / heads;

    NDArray h = layerNorm(x, ps.getValue(ln1Gamma, device, training), ps.getValue(ln1Beta, device, training));
    NDArray qkv = Linear.linear(h, ps.getValue(qkvWeight, device, training),
        ps.getValue(qkvBias, device, training)).singletonOrThrow();
    // (B, L, 3, H, Dh) -> (3, B, H, L, Dh)
    qkv = qkv.reshape(b, len, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
    NDArray q = Scalars.mul(qkv.get(0), (float) (1.0 / Math.sqrt(headDim)));
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    NDArray scores = q.matMul(k.swapAxes(-1, -2));
    if (attentionBias != null) {
      scores = scores.add(attentionBias);
    }
    NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, len, width);
    NDArray out = Linear.linear(attended, ps.getValue(outWeight, device, training),
        ps.getValue(outBias, device, training)).singletonOrThrow();
    x = x.add(out);

    h = layerNorm(x, ps.getValue(ln2Gamma, device, training), ps.getValue(ln2Beta, device, training));
    h = Linear.linear(h, ps.getValue(fc1Weight, device, training), ps.getValue(fc1Bias, device, training))
        .singletonOrThrow();
    h = Activation.gelu(h);
    h = Linear.linear(h, ps.getValue(fc2Weight, device, training), ps.getValue(fc2Bias, device, training))
        .singletonOrThrow();
    return x.add(h);
  }

  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    return LayerNorm.layerNorm(x, new Shape(x.getShape().tail()), gamma, beta, LN_EPS).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
