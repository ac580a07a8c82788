package org.phenolip.model.tower;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.phenolip.core.io.Json;

/**
 * Shapes of the two towers and the shared embedding space. Serialised as {@code config.json}
 * beside the parameters of a saved model (core {@link Json}).
 *
 * @param imageSize input side S (images are S×S)
 * @param patchSize ViT patch side; S must be a multiple
 * @param visionWidth ViT token width
 * @param visionDepth number of ViT blocks
 * @param visionHeads ViT attention heads (divides the width)
 * @param vocabSize WordPiece vocabulary size
 * @param maxTextLength maximum tokens per text, [CLS] and [SEP] included
 * @param textWidth text token width
 * @param textDepth number of text blocks
 * @param textHeads text attention heads
 * @param mlpRatio MLP hidden width / token width
 * @param embedDim shared embedding dimension
 */
public record ModelConfig(
    @JsonProperty("imageSize") int imageSize,
    @JsonProperty("patchSize") int patchSize,
    @JsonProperty("visionWidth") int visionWidth,
    @JsonProperty("visionDepth") int visionDepth,
    @JsonProperty("visionHeads") int visionHeads,
    @JsonProperty("vocabSize") int vocabSize,
    @JsonProperty("maxTextLength") int maxTextLength,
    @JsonProperty("textWidth") int textWidth,
    @JsonProperty("textDepth") int textDepth,
    @JsonProperty("textHeads") int textHeads,
    @JsonProperty("mlpRatio") int mlpRatio,
    @JsonProperty("embedDim") int embedDim) implements java.io.Serializable {

  /** The SciBERT uncased vocabulary the project ships (31,090 entries). */
  public static final int SCIBERT_VOCAB = 31090;
  /** PubMedBERT's uncased vocabulary (what BiomedCLIP's text tower uses). */
  public static final int PUBMEDBERT_VOCAB = 30522;

  public ModelConfig {
    check(imageSize > 0 && patchSize > 0 && imageSize % patchSize == 0,
        "imageSize " + imageSize + " must be a positive multiple of patchSize " + patchSize);
    check(visionWidth > 0 && visionHeads > 0 && visionWidth % visionHeads == 0,
        "visionWidth " + visionWidth + " must be a multiple of visionHeads " + visionHeads);
    check(textWidth > 0 && textHeads > 0 && textWidth % textHeads == 0,
        "textWidth " + textWidth + " must be a multiple of textHeads " + textHeads);
    check(visionDepth >= 0 && textDepth >= 0, "depths must be ≥ 0");
    check(vocabSize > 4, "vocabSize " + vocabSize + " too small");
    check(maxTextLength >= 2, "maxTextLength must leave room for [CLS] and [SEP]");
    check(mlpRatio > 0 && embedDim > 0, "mlpRatio and embedDim must be positive");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("model config: " + message);
    }
  }

  /** For unit tests: 32 px, patch 8, width 64, depth 2, 2 heads; seconds on a CPU. */
  public static ModelConfig tiny(int vocabSize) {
    return new ModelConfig(32, 8, 64, 2, 2, vocabSize, 32, 64, 2, 2, 4, 64);
  }

  /** ViT-tiny-like: 224 px, patch 16, width 192, depth 4, 3 heads; text width 192, depth 4. */
  public static ModelConfig small(int vocabSize) {
    return new ModelConfig(224, 16, 192, 4, 3, vocabSize, 77, 192, 4, 3, 4, 256);
  }

  /** ViT-B/16 and BERT-base shapes (BiomedCLIP's), 512-d shared space. */
  public static ModelConfig base(int vocabSize) {
    return new ModelConfig(224, 16, 768, 12, 12, vocabSize, 256, 768, 12, 12, 4, 512);
  }

  /** A preset by name: tiny, small or base ({@link Preset}). */
  public static ModelConfig preset(String name, int vocabSize) {
    return Preset.parse(name).config(vocabSize);
  }

  /**
   * This config with the shapes of pretrained towers (null: keep the built-in tower's): an
   * image tower sets the image side and the vision width (patch = the whole image, depth 0:
   * the ViT fields say nothing of a TorchScript tower); a text tower the text width, the
   * maximum length and the vocabulary size of its vocab.txt.
   */
  public ModelConfig withTowers(TowerSpec image, TowerSpec text, int textVocabSize) {
    ModelConfig c = this;
    if (image != null) {
      c = new ModelConfig(image.inputSize(), image.inputSize(), image.outputDim(), 0, 1, c.vocabSize, c.maxTextLength,
          c.textWidth, c.textDepth, c.textHeads, c.mlpRatio, c.embedDim);
    }
    if (text != null) {
      c = new ModelConfig(c.imageSize, c.patchSize, c.visionWidth, c.visionDepth, c.visionHeads, textVocabSize,
          text.maxLength(), text.outputDim(), 0, 1, c.mlpRatio, c.embedDim);
    }
    return c;
  }

  /** Patches per image side. */
  public int gridSize() {
    return imageSize / patchSize;
  }

  public void write(Path file) {
    Json.write(file, this);
  }

  public static ModelConfig read(Path file) {
    try {
      return Json.MAPPER.readValue(Files.readAllBytes(file), ModelConfig.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model config " + file + ": " + e.getMessage(), e);
    }
  }
}
