package org.phenolip.model.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.model.encode.PhenolipEncoder;

/**
 * Pretrained tower folders ({@code tower.json} + TorchScript): their spec is checked, a tower
 * exported after its weights changed reloads with those weights, and a model around a
 * TorchScript tower saves and loads as one folder.
 */
class TowerFolderTest {
  static final float[] MEAN = {0.5f, 0.5f, 0.5f};
  static final float[] STD = {0.25f, 0.25f, 0.25f};

  static Path imageTowerFolder(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.copy(TorchScriptTowerTest.DIR.resolve("tiny_vision.pt"), dir.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
    TowerSpec.image("model.pt", 8, 16, MEAN, STD).write(dir);
    return dir;
  }

  @Test
  void specsAreCheckedWithTheFolderNamed(@TempDir Path dir) throws Exception {
    var none = assertThrows(IllegalArgumentException.class, () -> TowerSpec.read(dir, TowerSpec.IMAGE));
    assertTrue(none.getMessage().startsWith("not a tower folder (no tower.json)"), none.getMessage());
    Path t = imageTowerFolder(dir.resolve("t"));
    assertEquals(TowerSpec.image("model.pt", 8, 16, MEAN, STD), TowerSpec.read(t, TowerSpec.IMAGE));
    var kind = assertThrows(IllegalArgumentException.class, () -> TowerSpec.read(t, TowerSpec.TEXT));
    assertTrue(kind.getMessage().endsWith("describes a tower of kind image, expected kind text"), kind.getMessage());
    Files.delete(t.resolve("model.pt"));
    var file = assertThrows(IllegalArgumentException.class, () -> TowerSpec.read(t, TowerSpec.IMAGE));
    assertTrue(file.getMessage().contains("names model.pt, which is not in"), file.getMessage());
    Files.writeString(t.resolve("tower.json"), "{\"kind\":\"image\",\"file\":\"model.pt\",\"output_dim\":8,\"input_size\":16,"
        + "\"mean\":[0.5,0.5,0.5],\"std\":[0.2,0,0.2]}");
    var std = assertThrows(IllegalArgumentException.class, () -> TowerSpec.read(t, TowerSpec.IMAGE));
    assertTrue(std.getMessage().contains("std must be positive"), std.getMessage());
    var text = assertThrows(IllegalArgumentException.class, () -> TowerSpec.text("model.pt", 8, null, 16));
    assertTrue(text.getMessage().contains("a text tower needs vocab"), text.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TowerSpec.image("../model.pt", 8, 16, MEAN, STD));
  }

  @Test
  void anExportedTowerKeepsItsChangedWeights(@TempDir Path dir) throws Exception {
    Path src = imageTowerFolder(dir.resolve("src"));
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      TowerSpec spec = TowerSpec.read(src, TowerSpec.IMAGE);
      TorchScriptTower tower = TorchScriptTower.load(src, spec, m, true);
      NDArray images = TorchScriptTowerTest.images(m);
      float[] before = forward(tower, m, images);
      for (Pair<String, Parameter> p : tower.getParameters()) {
        ai.djl.ndarray.NDArray a = p.getValue().getArray();
        boolean grad = org.phenolip.model.engine.Autograd.gradMode(false);
        try {
          a.muli(1.5f).addi(0.01f); // stands in for fine-tuning: the module's own tensors change in place
        } finally {
          org.phenolip.model.engine.Autograd.gradMode(grad);
        }
      }
      float[] changed = forward(tower, m, images);
      assertFalse(java.util.Arrays.equals(before, changed));
      Path out = dir.resolve("exported");
      tower.export(out, spec);
      TorchScriptTower reloaded = TorchScriptTower.load(out, TowerSpec.read(out, TowerSpec.IMAGE), m, false);
      assertArrayEquals(changed, forward(reloaded, m, images), 1e-6f);
      assertThrows(IllegalArgumentException.class, () -> tower.export(out, TowerSpec.image("model.pt", 9, 16, MEAN, STD)));
    }
  }

  @Test
  void aModelWithATorchScriptImageTowerSavesAndLoads(@TempDir Path dir) throws Exception {
    Path src = imageTowerFolder(dir.resolve("tower"));
    TowerSpec spec = TowerSpec.read(src, TowerSpec.IMAGE);
    ModelConfig config = ModelConfig.tiny(50).withTowers(spec, null, 0);
    assertEquals(16, config.imageSize());
    assertEquals(8, config.visionWidth());
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel model = PhenolipModel.create(config, m, 3, new PhenolipModel.TowerSource(src, spec), null);
      assertEquals(spec, model.imageTowerSpec());
      assertNull(model.textTowerSpec());
      NDArray images = TorchScriptTowerTest.images(m);
      float[] img = model.encodeImages(images).toFloatArray();
      NDArray[] t = TorchScriptTowerTest.texts(m);
      float[] txt = model.encodeTexts(t[0], t[1]).toFloatArray();
      Path saved = dir.resolve("model");
      model.save(saved);
      assertTrue(Files.isRegularFile(saved.resolve(PhenolipModel.IMAGE_TOWER_FILE)));
      assertFalse(Files.exists(saved.resolve(PhenolipModel.TEXT_TOWER_FILE)));
      PhenolipModel loaded = PhenolipModel.load(saved, m);
      assertEquals(spec, loaded.imageTowerSpec());
      assertArrayEquals(img, loaded.encodeImages(images).toFloatArray(), 1e-6f);
      assertArrayEquals(txt, loaded.encodeTexts(t[0], t[1]).toFloatArray(), 1e-6f);
      // the encoder normalises with the tower's mean/std, not CLIP's: a mid-grey pixel is 0
      java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) grey.setRGB(x, y, 0x808080);
      float[] px = PhenolipEncoder.evalPipeline(loaded).process(grey, 0);
      assertEquals(3 * 16 * 16, px.length);
      assertEquals((128 / 255f - 0.5f) / 0.25f, px[0], 1e-6f);
    }
  }

  static Path textTowerFolder(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.copy(TorchScriptTowerTest.DIR.resolve("tiny_text.pt"), dir.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(TorchScriptTowerTest.DIR.resolve("tiny_text_vocab.txt"), dir.resolve("vocab.txt"), StandardCopyOption.REPLACE_EXISTING);
    TowerSpec.text("model.pt", 8, "vocab.txt", 12).write(dir);
    return dir;
  }

  @Test
  void aModelWithATorchScriptTextTowerSavesAndLoadsWithItsVocabulary(@TempDir Path dir) throws Exception {
    Path src = textTowerFolder(dir.resolve("tower"));
    TowerSpec spec = TowerSpec.read(src, TowerSpec.TEXT);
    var tok = org.phenolip.model.text.WordPieceTokenizer.fromVocabTxt(src.resolve("vocab.txt"), true);
    ModelConfig config = ModelConfig.tiny(999).withTowers(null, spec, 50);
    assertEquals(12, config.maxTextLength());
    assertEquals(50, config.vocabSize());
    assertEquals(8, config.textWidth());
    List<String> texts = List.of("Chest radiograph showing pneumonia.", "Dermoscopy of a benign nevus.");
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel model = PhenolipModel.create(config, m, 3, null, new PhenolipModel.TowerSource(src, spec));
      float[][] before = new PhenolipEncoder(model, tok, m).embedTexts(texts);
      assertFalse(java.util.Arrays.equals(before[0], before[1]), "the tower reads the ids");
      Path saved = dir.resolve("model");
      PhenolipEncoder.save(model, src.resolve("vocab.txt"), saved);
      assertTrue(Files.isRegularFile(saved.resolve(PhenolipModel.TEXT_TOWER_FILE)));
      try (PhenolipEncoder loaded = PhenolipEncoder.load(saved)) {
        assertEquals(spec, loaded.model().textTowerSpec());
        float[][] after = loaded.embedTexts(texts);
        for (int i = 0; i < texts.size(); i++) assertArrayEquals(before[i], after[i], 1e-6f);
      }
    }
  }

  @Test
  void aFrozenTowersEvalOutputFeedsATrainableHead() throws Exception {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      TorchScriptTower tower = TorchScriptTower.load(TorchScriptTowerTest.DIR.resolve("tiny_vision.pt"), m, 8, false);
      NDArray w = m.ones(new ai.djl.ndarray.types.Shape(2, 8));
      w.setRequiresGradient(true);
      boolean grad = org.phenolip.model.engine.Autograd.gradMode(true);
      try {
        NDArray features = tower.forward(new ParameterStore(m, false), new NDList(TorchScriptTowerTest.images(m)), false)
            .singletonOrThrow();
        NDArray loss = features.matMul(w.transpose()).square().sum();
        org.phenolip.model.engine.Autograd.backward(loss); // "inference tensors cannot be saved for backward" without the copy
        assertTrue(w.getGradient().abs().sum().getFloat() > 0);
      } finally {
        org.phenolip.model.engine.Autograd.gradMode(grad);
      }
    }
  }

  private static float[] forward(TorchScriptTower tower, NDManager m, NDArray images) {
    return tower.forward(new ParameterStore(m, false), new NDList(images), false).singletonOrThrow().toFloatArray();
  }
}
