package org.phenolip.model.tower;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.phenolip.core.io.Json;

/**
 * What a pretrained TorchScript tower folder says about itself in {@code tower.json}, beside its
 * {@code model.pt} (and, for a text tower, its WordPiece {@code vocab.txt}). An image tower maps
 * (B,3,S,S) images, normalised with its own mean/std, to (B, outputDim); a text tower maps int64
 * ids and mask (B,L) to (B, outputDim). {@code training-job/scripts/export_torchscript.py} writes
 * such folders from BiomedCLIP/PubMedBERT; {@link TorchScriptTower#export} from a trained tower.
 *
 * @param kind "image" or "text"
 * @param file the TorchScript file inside the folder
 * @param outputDim width W of the tower's output
 * @param inputSize image side S (image towers)
 * @param mean per-channel RGB mean (image towers)
 * @param std per-channel RGB standard deviation (image towers)
 * @param vocab uncased WordPiece vocabulary file inside the folder (text towers)
 * @param maxLength tokens per text, [CLS] and [SEP] included (text towers)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TowerSpec(
    @JsonProperty("kind") String kind,
    @JsonProperty("file") String file,
    @JsonProperty("output_dim") int outputDim,
    @JsonProperty("input_size") Integer inputSize,
    @JsonProperty("mean") float[] mean,
    @JsonProperty("std") float[] std,
    @JsonProperty("vocab") String vocab,
    @JsonProperty("max_length") Integer maxLength) implements Serializable {
  public static final String FILE = "tower.json";
  public static final String IMAGE = "image";
  public static final String TEXT = "text";

  public TowerSpec {
    check(IMAGE.equals(kind) || TEXT.equals(kind), "kind must be \"image\" or \"text\", got " + kind);
    check(file != null && !file.isBlank() && !file.contains("/") && !file.contains(".."),
        "file must name a file inside the tower folder, got " + file);
    check(outputDim > 0, "output_dim must be positive, got " + outputDim);
    if (IMAGE.equals(kind)) {
      check(inputSize != null && inputSize > 0, "an image tower needs a positive input_size");
      check(mean != null && mean.length == 3 && std != null && std.length == 3,
          "an image tower needs mean and std of 3 channels each");
      for (float s : std) check(s > 0, "std must be positive, got " + Arrays.toString(std));
    } else {
      check(vocab != null && !vocab.isBlank() && !vocab.contains("/"), "a text tower needs vocab (its vocab.txt)");
      check(maxLength != null && maxLength >= 2, "a text tower needs max_length >= 2");
    }
  }

  public static TowerSpec image(String file, int outputDim, int inputSize, float[] mean, float[] std) {
    return new TowerSpec(IMAGE, file, outputDim, inputSize, mean, std, null, null);
  }

  public static TowerSpec text(String file, int outputDim, String vocab, int maxLength) {
    return new TowerSpec(TEXT, file, outputDim, null, null, null, vocab, maxLength);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isImage() {
    return IMAGE.equals(kind);
  }

  /**
   * Reads {@code dir/tower.json} and checks the files it names are there and that the tower is
   * of {@code expectedKind}; every problem is an {@link IllegalArgumentException} naming the folder.
   */
  public static TowerSpec read(Path dir, String expectedKind) {
    Path json = dir.resolve(FILE);
    if (!Files.isRegularFile(json)) {
      throw new IllegalArgumentException("not a tower folder (no " + FILE + "): " + dir);
    }
    TowerSpec spec;
    try {
      spec = Json.MAPPER.readValue(Files.readAllBytes(json), TowerSpec.class);
    } catch (IOException e) {
      Throwable c = e.getCause() instanceof IllegalArgumentException i ? i : e;
      throw new IllegalArgumentException(json + ": " + c.getMessage().lines().findFirst().orElse(""), e);
    }
    if (!spec.kind.equals(expectedKind)) {
      throw new IllegalArgumentException(json + " describes a tower of kind " + spec.kind + ", expected kind " + expectedKind);
    }
    if (!Files.isRegularFile(dir.resolve(spec.file))) {
      throw new IllegalArgumentException(json + " names " + spec.file + ", which is not in " + dir);
    }
    if (spec.vocab != null && !Files.isRegularFile(dir.resolve(spec.vocab))) {
      throw new IllegalArgumentException(json + " names vocab " + spec.vocab + ", which is not in " + dir);
    }
    return spec;
  }

  /** Writes {@code dir/tower.json}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Json.write(dir.resolve(FILE), this);
  }

  private static void check(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException("tower.json: " + message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TowerSpec t && kind.equals(t.kind) && file.equals(t.file) && outputDim == t.outputDim
        && java.util.Objects.equals(inputSize, t.inputSize) && Arrays.equals(mean, t.mean) && Arrays.equals(std, t.std)
        && java.util.Objects.equals(vocab, t.vocab) && java.util.Objects.equals(maxLength, t.maxLength);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, file, outputDim, inputSize, Arrays.hashCode(mean), Arrays.hashCode(std), vocab, maxLength);
  }

  @Override
  public String toString() {
    return Json.write(this);
  }
}
