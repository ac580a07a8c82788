package org.phenolip.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.phenolip.model.engine.Autograd;

class ParameterVectorTest {
  @Test
  void valuesRoundTripAndGradientsAreReadAndZeroed() {
    try (NDManager m = NDManager.newBaseManager()) {
      var block = AdamWTest.linear(m, 3, 2);
      ParameterVector pv = ParameterVector.trainable(block);
      assertEquals(java.util.List.of("weight", "bias"), pv.names());
      float[] vals = {1, 2, 3, 4, 5, 6, 7, 8};
      pv.setValues(vals);
      assertArrayEquals(vals, pv.values());
      long c = pv.checksum();
      vals[7] = Math.nextUp(8f);
      assertNotEquals(c, ParameterVector.checksum(vals));

      boolean old = Autograd.gradMode(true);
      try {
        // loss = sum(W x + b) for x = (1, 2, 3): dW = [x; x], db = (1, 1)
        NDArray x = m.create(new float[] {1, 2, 3}, new ai.djl.ndarray.types.Shape(1, 3));
        NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
        Autograd.backward(y.sum());
        float[] g = new float[pv.size()];
        pv.readGradients(g);
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 1, 1}, g);
        // PyTorch accumulates: a second backward doubles them, zeroing resets.
        NDArray y2 = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
        Autograd.backward(y2.sum());
        pv.readGradients(g);
        assertArrayEquals(new float[] {2, 4, 6, 2, 4, 6, 2, 2}, g);
        pv.zeroGradients();
        pv.readGradients(g);
        assertArrayEquals(new float[8], g);
      } finally {
        Autograd.gradMode(old);
      }
    }
  }
}
