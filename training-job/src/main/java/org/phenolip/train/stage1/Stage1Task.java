package org.phenolip.train.stage1;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.train.loop.StepContext;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainingTask;
import org.phenolip.train.loss.GlobalBatchLoss;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.train.settings.PretrainedTowers;
import org.phenolip.train.stage1.OntologyPairs.TextPair;

/**
 * Stage 1: the text tower learns the HPO. Each pair's anchor and positive texts are encoded;
 * the multi-positive contrastive loss over the global batch (every two pairs of one concept
 * are positives) is computed exactly across workers with {@link GlobalBatchLoss}.
 * Runs with {@code Reduction.SUM}: each worker back-propagates its part of one global loss.
 */
public final class Stage1Task implements TrainingTask<TextPair> {
  private static final long serialVersionUID = 1L;
  private final ModelConfig config;
  private final TokenizerSpec tokenizer;
  private final long seed;
  private final PretrainedTowers towers;

  public Stage1Task(ModelConfig config, TokenizerSpec tokenizer, long seed) {
    this(config, tokenizer, seed, PretrainedTowers.NONE);
  }

  /** As above, the text tower starting from a pretrained TorchScript tower ({@code --text-tower}). */
  public Stage1Task(ModelConfig config, TokenizerSpec tokenizer, long seed, PretrainedTowers towers) {
    this.config = config;
    this.tokenizer = tokenizer;
    this.seed = seed;
    this.towers = towers;
  }

  /** Each worker back-propagates its part of one global loss: gradients are summed. */
  @Override
  public TrainConfig.Reduction reduction() {
    return TrainConfig.Reduction.SUM;
  }

  @Override
  public Block buildModel(NDManager manager) {
    return towers.create(config, manager, seed);
  }

  /** A pretrained text tower is fine-tuned at its own rate. */
  @Override
  public float[] learningRateScales(Block model, org.phenolip.train.optim.ParameterVector pv) {
    return towers.learningRateScales((PhenolipModel) model, pv);
  }

  /** t is clamped in place to [0, ln 100], as CLIP does, so it can never stick outside the range. */
  @Override
  public void afterStep(Block model) {
    ((PhenolipModel) model).clampLogitScale();
  }

  @Override
  public float lossAndBackward(Block block, List<TextPair> batch, StepContext ctx) {
    PhenolipModel model = (PhenolipModel) block;
    NDManager m = ctx.manager();
    ParameterStore ps = new ParameterStore(m, false);
    int len = config.maxTextLength();
    List<String> anchors = batch.stream().map(TextPair::anchor).toList();
    List<String> positives = batch.stream().map(TextPair::positive).toList();
    NDArray[] a = PhenolipEncoder.tokens(m, tokenizer.tokenizer(), anchors, len);
    NDArray[] p = PhenolipEncoder.tokens(m, tokenizer.tokenizer(), positives, len);
    NDArray ea = model.encodeTexts(ps, a[0], a[1], true);
    NDArray ep = model.encodeTexts(ps, p[0], p[1], true);

    float[] localConcepts = new float[batch.size()];
    for (int i = 0; i < batch.size(); i++) localConcepts[i] = conceptNumber(batch.get(i).conceptId());
    return ContrastiveStep.run(model, ea, ep, ctx, localConcepts, null);
  }

  /** HP:0001631 → 1631 (exact in float32: HPO ids have at most 7 digits). */
  static float conceptNumber(String id) {
    return Integer.parseInt(id.substring(id.indexOf(':') + 1));
  }
}
