package org.phenolip.model.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.phenolip.model.image.ImagePipeline;
import org.phenolip.model.text.WordPieceTokenizer;

/** Real inputs through the whole front end: ISIC JPEGs and HPO labels with the SciBERT vocab. */
class RealDataEncodingTest {
  @Test
  void isicImagesAndHpoLabelsEncodeToUnitVectors() throws Exception {
    WordPieceTokenizer tok = WordPieceTokenizer.fromVocabTxt(
        Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt"), true);
    ModelConfig config = ModelConfig.tiny(tok.vocabSize());
    List<Path> jpegs;
    try (Stream<Path> s = Files.walk(Path.of("../data/images/isic_9class"))) {
      jpegs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(4).toList();
    }
    assertEquals(4, jpegs.size());
    ImagePipeline eval = ImagePipeline.eval(config.imageSize());
    int plane = 3 * config.imageSize() * config.imageSize();
    float[] pixels = new float[4 * plane];
    for (int i = 0; i < 4; i++) {
      System.arraycopy(eval.process(Files.readAllBytes(jpegs.get(i)), 0), 0, pixels, i * plane, plane);
    }
    List<String> labels = List.of("Melanoma", "Abnormality of the skin", "Hypopigmented macule",
        "Multiple cafe-au-lait spots");
    long[][] text = tok.encodeBatch(labels, config.maxTextLength());
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel model = PhenolipModel.create(config, m, 0);
      NDArray img = model.encodeImages(m.create(pixels, new Shape(4, 3, config.imageSize(), config.imageSize())));
      NDArray txt = model.encodeTexts(m.create(text[0], new Shape(4, config.maxTextLength())),
          m.create(text[1], new Shape(4, config.maxTextLength())));
      assertArrayEquals(new float[] {1, 1, 1, 1}, img.norm(new int[] {1}).toFloatArray(), 1e-5f);
      assertArrayEquals(new float[] {1, 1, 1, 1}, txt.norm(new int[] {1}).toFloatArray(), 1e-5f);
      // different images give different embeddings
      float[] sim = img.matMul(img.transpose()).toFloatArray();
      assertTrue(sim[1] < 0.99999f, "images 0 and 1 embed identically");
    }
  }
}
