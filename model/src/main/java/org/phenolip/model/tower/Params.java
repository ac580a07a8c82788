package org.phenolip.model.tower;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;

/** Parameter factories with the initialisations ViT/BERT use (truncated normal σ=0.02). */
final class Params {
  private Params() {}

  static Parameter weight(String name, long... shape) {
    return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(shape)).optInitializer(new TruncatedNormalInitializer(0.02f)).build();
  }

  static Parameter bias(String name, long size) {
    return Parameter.builder().setName(name).setType(Parameter.Type.BIAS)
        .optShape(new Shape(size)).optInitializer(Initializer.ZEROS).build();
  }

  static Parameter gamma(String name, long size) {
    return Parameter.builder().setName(name).setType(Parameter.Type.GAMMA)
        .optShape(new Shape(size)).optInitializer(Initializer.ONES).build();
  }

  static Parameter beta(String name, long size) {
    return Parameter.builder().setName(name).setType(Parameter.Type.BETA)
        .optShape(new Shape(size)).optInitializer(Initializer.ZEROS).build();
  }

  static Parameter constant(String name, float value, long... shape) {
    return Parameter.builder().setName(name).setType(Parameter.Type.OTHER)
        .optShape(new Shape(shape)).optInitializer(new ConstantInitializer(value)).build();
  }
}
