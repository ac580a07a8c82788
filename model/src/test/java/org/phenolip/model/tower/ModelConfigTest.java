package org.phenolip.model.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {
  @Test
  void presetsHaveTheDocumentedShapes() {
    ModelConfig small = ModelConfig.preset("small", ModelConfig.SCIBERT_VOCAB);
    assertEquals(224, small.imageSize());
    assertEquals(16, small.patchSize());
    assertEquals(192, small.visionWidth());
    assertEquals(4, small.visionDepth());
    assertEquals(14, small.gridSize());
    ModelConfig base = ModelConfig.preset("base", ModelConfig.PUBMEDBERT_VOCAB);
    assertEquals(768, base.visionWidth());
    assertEquals(12, base.visionDepth());
    assertEquals(12, base.textDepth());
    assertEquals(30522, base.vocabSize());
    assertTrue(ModelConfig.tiny(100).imageSize() <= 64);
  }

  @Test
  void jsonRoundTrip(@TempDir Path dir) {
    ModelConfig c = ModelConfig.small(31090);
    c.write(dir.resolve("config.json"));
    assertEquals(c, ModelConfig.read(dir.resolve("config.json")));
  }

  @Test
  void inconsistentShapesAreRejectedWithTheReason() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ModelConfig(30, 8, 64, 2, 2, 100, 32, 64, 2, 2, 4, 64));
    assertEquals("model config: imageSize 30 must be a positive multiple of patchSize 8", e.getMessage());
    var u = assertThrows(IllegalArgumentException.class, () -> ModelConfig.preset("huge", 100));
    assertEquals("unknown model preset 'huge' (expected tiny, small or base)", u.getMessage());
  }
}
