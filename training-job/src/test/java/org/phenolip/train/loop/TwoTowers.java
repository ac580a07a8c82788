package org.phenolip.train.loop;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A small stand-in for the real towers: two MLPs (image features, text features) to a shared space. */
final class TwoTowers extends AbstractBlock {
  final Block image;
  final Block text;
  final int xDim;
  final int yDim;

  TwoTowers(int xDim, int yDim, int hidden, int embed) {
    this.xDim = xDim;
    this.yDim = yDim;
    image = addChildBlock("image", new SequentialBlock()
        .add(Linear.builder().setUnits(hidden).build()).add(Activation::relu).add(Linear.builder().setUnits(embed).build()));
    text = addChildBlock("text", new SequentialBlock()
        .add(Linear.builder().setUnits(hidden).build()).add(Activation::relu).add(Linear.builder().setUnits(embed).build()));
  }

  static TwoTowers build(NDManager m, int xDim, int yDim, int hidden, int embed) {
    TwoTowers t = new TwoTowers(xDim, yDim, hidden, embed);
    t.initialize(m, DataType.FLOAT32, new Shape(1, xDim), new Shape(1, yDim));
    return t;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList a = image.forward(ps, new NDList(inputs.get(0)), training);
    NDList b = text.forward(ps, new NDList(inputs.get(1)), training);
    return new NDList(a.singletonOrThrow(), b.singletonOrThrow());
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    image.initialize(manager, dataType, inputShapes[0]);
    text.initialize(manager, dataType, inputShapes[1]);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {image.getOutputShapes(new Shape[] {inputShapes[0]})[0],
        text.getOutputShapes(new Shape[] {inputShapes[1]})[0]};
  }
}
