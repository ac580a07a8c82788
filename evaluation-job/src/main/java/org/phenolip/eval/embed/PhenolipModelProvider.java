package org.phenolip.eval.embed;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;

/**
 * PhenoLIP models for {@code eval --model}: a saved model folder (config.json, model.params,
 * vocab.txt), a training output folder holding {@code model/}, or {@code random:PRESET[:SEED]}
 * — a randomly initialised PhenoLIP of that preset, the floor every trained model must beat.
 */
public final class PhenolipModelProvider implements EmbeddingModelProvider {
  public static final String RANDOM = "random:";

  @Override
  public boolean accepts(String spec) {
    return spec.startsWith(RANDOM) || modelDir(spec) != null;
  }

  @Override
  public EmbeddingModelFactory factory(String spec) {
    if (spec.startsWith(RANDOM)) {
      String[] p = spec.substring(RANDOM.length()).split(":");
      ModelConfig.preset(p[0], ModelConfig.SCIBERT_VOCAB); // validates the preset name
      long seed = p.length > 1 ? Long.parseLong(p[1]) : 0;
      return new Factory("random " + p[0], null, p[0], seed);
    }
    Path dir = modelDir(spec);
    return new Factory(Path.of(spec).getFileName().toString(), dir.toAbsolutePath().toString(), null, 0);
  }

  static Path modelDir(String spec) {
    Path p = Path.of(spec);
    if (isModel(p)) return p;
    if (isModel(p.resolve("model"))) return p.resolve("model");
    return null;
  }

  private static boolean isModel(Path p) {
    return Files.isRegularFile(p.resolve(PhenolipModel.CONFIG_FILE)) && Files.isRegularFile(p.resolve(PhenolipModel.PARAMS_FILE))
        && Files.isRegularFile(p.resolve(PhenolipEncoder.VOCAB_FILE));
  }

  record Factory(String name, String dir, String preset, long seed) implements EmbeddingModelFactory {
    @Override
    public String key() {
      return name + "@" + (dir == null ? preset + ":" + seed : dir);
    }

    @Override
    public EmbeddingModel create() {
      try {
        if (dir != null) return new Adapter(PhenolipEncoder.load(Path.of(dir)));
        Path vocab = bundledVocab();
        TokenizerSpec tok = TokenizerSpec.fromVocabTxt(vocab);
        NDManager m = NDManager.newBaseManager("PyTorch");
        PhenolipModel model = PhenolipModel.create(ModelConfig.preset(preset, tok.size()), m, seed);
        return new Adapter(new PhenolipEncoder(model, tok.tokenizer(), m)) {
          @Override
          public void close() {
            m.close();
          }
        };
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load model " + key() + ": " + e.getMessage(), e);
      }
    }

    private static Path bundledVocab() {
      for (String base : new String[] {System.getProperty("phenolip.home", "."), ".", ".."}) {
        Path p = Path.of(base, "data", "vocab", "scibert_scivocab_uncased.vocab.txt");
        if (Files.isRegularFile(p)) return p;
      }
      throw new IllegalStateException("random model: the bundled vocabulary data/vocab/scibert_scivocab_uncased.vocab.txt is not found");
    }
  }

  /** Serialises calls: one DJL model per executor, shared by its task threads. */
  static class Adapter implements EmbeddingModel {
    private final PhenolipEncoder enc;

    Adapter(PhenolipEncoder enc) {
      this.enc = enc;
    }

    @Override
    public int dim() { return enc.dim(); }

    @Override
    public synchronized float[][] embedImages(List<byte[]> images) {
      List<String> errors = new ArrayList<>();
      float[][] out = enc.embedImages(images, errors);
      if (!errors.isEmpty()) throw new IllegalArgumentException("undecodable images (index: reason): " + errors);
      return out;
    }

    @Override
    public synchronized float[][] embedTexts(List<String> texts) {
      return enc.embedTexts(texts);
    }

    @Override
    public void close() {
      enc.close();
    }
  }
}
