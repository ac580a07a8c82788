package org.phenolip.model.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.io.Json;

/**
 * The tiny TorchScript towers in src/test/resources/model were written by
 * scripts/make_test_torchscript.py with PyTorch 1.13 (Debian python3-torch), which also recorded
 * their outputs and parameter gradients; libtorch 2.7.1 through DJL must reproduce them.
 */
class TorchScriptTowerTest {
  static final Path DIR = Path.of("src/test/resources/model");
  static NDManager manager;
  static JsonNode expected;

  @BeforeAll
  static void load() throws Exception {
    manager = NDManager.newBaseManager("PyTorch");
    expected = Json.MAPPER.readTree(DIR.resolve("tiny_torchscript_expected.json").toFile());
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static NDArray images(NDManager m) {
    float[] v = new float[2 * 3 * 16 * 16];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 17) / 8f - 1f;
    }
    return m.create(v, new Shape(2, 3, 16, 16));
  }

  static NDArray[] texts(NDManager m) {
    long[] ids = {2, 7, 9, 3, 0, 0, 2, 11, 3, 0, 0, 0};
    long[] mask = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      mask[i] = ids[i] != 0 ? 1 : 0;
    }
    return new NDArray[] {m.create(ids, new Shape(2, 6)), m.create(mask, new Shape(2, 6))};
  }

  static float[] floats(JsonNode array) {
    float[] f = new float[array.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) array.get(i).asDouble();
    }
    return f;
  }

  private void checkTower(String name, TorchScriptTower tower, NDList inputs) {
    JsonNode rec = expected.get(name);
    ParameterStore ps = new ParameterStore(manager, false);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.zeroGradients();
      NDArray y = tower.forward(ps, inputs, true).singletonOrThrow();
      assertArrayEquals(floats(rec.get("output")), y.toFloatArray(), 1e-5f, name + " output");
      gc.backward(y.mul(y).sum());
    }
    int checked = 0;
    for (Pair<String, Parameter> p : tower.getParameters()) {
      String key = p.getValue().getName();
      JsonNode sum = rec.get("grad_sum").get(key);
      assertTrue(sum != null, "parameter " + key + " not in the PyTorch record " + rec.get("grad_sum"));
      NDArray g = p.getValue().getArray().getGradient();
      assertEquals(sum.asDouble(), g.sum().getFloat(), 1e-4 * Math.max(1, Math.abs(sum.asDouble())), key);
      double sq = rec.get("grad_sq").get(key).asDouble();
      assertEquals(sq, g.mul(g).sum().getFloat(), 1e-4 * Math.max(1, sq), key);
      checked++;
    }
    assertEquals(rec.get("grad_sum").size(), checked);
  }

  @Test
  void visionTowerReproducesPyTorchOutputsAndGradients() throws Exception {
    TorchScriptTower tower = TorchScriptTower.load(DIR.resolve("tiny_vision.pt"), manager, 8, true);
    checkTower("vision", tower, new NDList(images(manager)));
  }

  @Test
  void textTowerReproducesPyTorchOutputsAndGradients() throws Exception {
    TorchScriptTower tower = TorchScriptTower.load(DIR.resolve("tiny_text.pt"), manager, 8, true);
    NDArray[] t = texts(manager);
    // int32 ids are accepted and widened to the int64 the export takes
    checkTower("text", tower, new NDList(t[0].toType(DataType.INT32, false), t[1]));
  }

  @Test
  void towersPlugIntoPhenolipModel() throws Exception {
    ModelConfig config = new ModelConfig(16, 4, 8, 0, 1, 50, 6, 8, 0, 1, 4, 4);
    try (NDManager m = manager.newSubManager()) {
      PhenolipModel model = new PhenolipModel(config,
          TorchScriptTower.load(DIR.resolve("tiny_vision.pt"), m, 8, true),
          TorchScriptTower.load(DIR.resolve("tiny_text.pt"), m, 8, true));
      model.initialize(m, DataType.FLOAT32, model.inputShapes(2));
      NDArray[] t = texts(m);
      NDArray img = model.encodeImages(images(m));
      NDArray txt = model.encodeTexts(t[0], t[1]);
      assertEquals(new Shape(2, 4), img.getShape());
      assertArrayEquals(new float[] {1, 1}, txt.norm(new int[] {1}).toFloatArray(), 1e-5f);
      assertEquals(2 + 1 + 6 + 3, model.getParameters().size()); // projections, t, vision (conv, LN, fc), text (embed, fc)
    }
  }

  @Test
  void frozenTowerTakesNoGradient() throws Exception {
    TorchScriptTower tower = TorchScriptTower.load(DIR.resolve("tiny_vision.pt"), manager, 8, false);
    for (Pair<String, Parameter> p : tower.getParameters()) {
      assertTrue(!p.getValue().requiresGradient(), p.getKey());
    }
  }

  @Test
  void wrongWidthAndMissingFileAreClearErrors() throws Exception {
    TorchScriptTower tower = TorchScriptTower.load(DIR.resolve("tiny_vision.pt"), manager, 16, false);
    var e = assertThrows(IllegalStateException.class,
        () -> tower.forward(new ParameterStore(manager, false), new NDList(images(manager)), false));
    assertTrue(e.getMessage().endsWith("returned (2, 8), expected (B, 16)"), e.getMessage());
    var io = assertThrows(java.io.IOException.class,
        () -> TorchScriptTower.load(DIR.resolve("missing.pt"), manager, 8, false));
    assertTrue(io.getMessage().startsWith("TorchScript tower not found"), io.getMessage());
  }
}
