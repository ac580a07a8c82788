package org.phenolip.eval.embed;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.phenolip.core.io.Storage;
import org.phenolip.eval.run.TrainingOverlap;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;

/**
 * PhenoLIP models for {@code eval --model}: a saved model folder (config.json, model.params,
 * vocab.txt), a training output folder holding {@code model/}, or {@code random:PRESET[:SEED]}
 * — a randomly initialised PhenoLIP of that preset, the floor every trained model must beat.
 * Folders may be on HDFS or S3 ({@code hdfs://…}, {@code s3a://…}): each executor (and the
 * driver, for the training record) then loads its own local copy.
 */
public final class PhenolipModelProvider implements EmbeddingModelProvider {
  public static final String RANDOM = "random:";

  @Override
  public boolean accepts(String spec) {
    // A remote folder is taken on its scheme and looked into once the session (and its S3/HDFS
    // settings) exists: in create() and recordFolder().
    return spec.startsWith(RANDOM) || remote(spec) || modelDir(spec) != null;
  }

  @Override
  public EmbeddingModelFactory factory(String spec) {
    if (spec.startsWith(RANDOM)) {
      String[] p = spec.substring(RANDOM.length()).split(":");
      ModelConfig.preset(p[0], ModelConfig.SCIBERT_VOCAB); // validates the preset name
      long seed = p.length > 1 ? Long.parseLong(p[1]) : 0;
      return new Factory("random " + p[0], null, p[0], seed);
    }
    if (remote(spec)) return new Factory(new org.apache.hadoop.fs.Path(spec).getName(), spec, null, 0);
    Path dir = modelDir(spec);
    return new Factory(Path.of(spec).getFileName().toString(), dir.toAbsolutePath().toString(), null, 0);
  }

  static boolean remote(String spec) {
    return spec.contains("://") && !Storage.isLocal(spec);
  }

  /** The model folder under a remote spec (itself or its model/), read with the application's Hadoop settings. */
  static String remoteModelDir(String spec) {
    Storage s = Storage.forTask();
    for (String dir : List.of(spec, Storage.child(spec, "model"))) {
      if (s.exists(Storage.child(dir, PhenolipModel.CONFIG_FILE)) && s.exists(Storage.child(dir, PhenolipModel.PARAMS_FILE))
          && s.exists(Storage.child(dir, PhenolipEncoder.VOCAB_FILE))) {
        return dir;
      }
    }
    throw new IllegalArgumentException("model " + spec + ": no " + PhenolipModel.CONFIG_FILE + ", " + PhenolipModel.PARAMS_FILE
        + " and " + PhenolipEncoder.VOCAB_FILE + " in it or in its model/");
  }

  /**
   * A folder the driver can read a model's training record from: the spec itself when local;
   * for a remote spec, a local copy of its model folder with the training set list beside it,
   * laid out as a training output so the record readers need not know the difference.
   */
  public static String recordFolder(String spec) {
    if (!remote(spec)) return spec;
    String dir = remoteModelDir(spec);
    try {
      Storage s = Storage.forTask();
      Path copy = s.localTree(dir);
      String list = Storage.child(new org.apache.hadoop.fs.Path(dir).getParent().toString(), TrainingOverlap.FILE);
      if (s.exists(list)) Files.write(copy.getParent().resolve(TrainingOverlap.FILE), s.readBytes(list));
      return copy.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + spec + ": " + e.getMessage(), e);
    }
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
        if (dir != null) return new Adapter(PhenolipEncoder.load(Storage.forTask().localTree(remote(dir) ? remoteModelDir(dir) : dir)));
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
