package org.phenolip.model.encode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.phenolip.model.image.ImageDecodeException;
import org.phenolip.model.image.ImagePipeline;
import org.phenolip.model.engine.Autograd;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.model.text.Encoding;
import org.phenolip.model.text.WordPieceTokenizer;

/**
 * A trained model with its tokenizer and evaluation image pipeline: embeds texts and images in
 * batches, without gradients. A model folder holds {@code config.json}, {@code model.params}
 * and the {@code vocab.txt} it was trained with, so it can be loaded anywhere.
 */
public final class PhenolipEncoder implements AutoCloseable {
  public static final String VOCAB_FILE = "vocab.txt";
  private static final int BATCH = 64;

  private final NDManager manager;
  private final PhenolipModel model;
  private final WordPieceTokenizer tokenizer;
  private final ImagePipeline images;
  private final boolean ownsManager;

  public PhenolipEncoder(PhenolipModel model, WordPieceTokenizer tokenizer, NDManager manager) {
    this(model, tokenizer, manager, false);
  }

  private PhenolipEncoder(PhenolipModel model, WordPieceTokenizer tokenizer, NDManager manager, boolean owns) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.manager = manager;
    this.images = evalPipeline(model);
    this.ownsManager = owns;
  }

  /** The model's evaluation image pipeline: CLIP's normalisation, or its pretrained image tower's. */
  public static ImagePipeline evalPipeline(PhenolipModel model) {
    return pipeline(model.config().imageSize(), model.imageTowerSpec(), false);
  }

  /**
   * The image pipeline of a model of side {@code size} whose image tower is {@code imageTower}
   * (null: the built-in ViT, CLIP's normalisation), with training augmentation or not.
   */
  public static ImagePipeline pipeline(int size, org.phenolip.model.tower.TowerSpec imageTower, boolean train) {
    if (imageTower != null) return ImagePipeline.of(imageTower.inputSize(), train, imageTower.mean(), imageTower.std());
    return train ? ImagePipeline.train(size) : ImagePipeline.eval(size);
  }

  /** Loads a saved model folder. */
  public static PhenolipEncoder load(Path dir) throws IOException {
    Path vocab = dir.resolve(VOCAB_FILE);
    if (!Files.isRegularFile(vocab)) throw new IOException("model folder " + dir + " has no " + VOCAB_FILE);
    NDManager m = NDManager.newBaseManager("PyTorch");
    try {
      PhenolipModel model = PhenolipModel.load(dir, m);
      return new PhenolipEncoder(model, WordPieceTokenizer.fromVocabTxt(vocab, true), m, true);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Saves {@code model} and the vocabulary into {@code dir}. */
  public static void save(PhenolipModel model, Path vocab, Path dir) throws IOException {
    model.save(dir);
    Files.copy(vocab, dir.resolve(VOCAB_FILE), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A model folder less its parameters (config and vocabulary), for a trainer whose rank 0
   * writes {@link PhenolipModel#PARAMS_FILE} itself.
   */
  public static void saveAllButParameters(org.phenolip.model.tower.ModelConfig config, Path vocab, Path dir) throws IOException {
    saveAllButParameters(config, null, null, vocab, dir);
  }

  /** As above, for a model whose image and/or text tower is a pretrained TorchScript tower. */
  public static void saveAllButParameters(org.phenolip.model.tower.ModelConfig config,
      org.phenolip.model.tower.TowerSpec image, org.phenolip.model.tower.TowerSpec text, Path vocab, Path dir) throws IOException {
    Files.createDirectories(dir);
    PhenolipModel.writeTowerSpecs(dir, image, text);
    config.write(dir.resolve(PhenolipModel.CONFIG_FILE));
    Files.copy(vocab, dir.resolve(VOCAB_FILE), StandardCopyOption.REPLACE_EXISTING);
  }

  public PhenolipModel model() { return model; }

  public WordPieceTokenizer tokenizer() { return tokenizer; }

  public int dim() { return model.config().embedDim(); }

  /** L2-normalised text embeddings, one row per text. */
  public float[][] embedTexts(List<String> texts) {
    return embedTexts(texts, false);
  }

  /**
   * As {@link #embedTexts(List)}, but each text's embedding is a function of that text alone:
   * every batch is padded to the full batch size, so the kernels see one shape whatever the
   * call's length. Without it the bits of a row depend on how many texts share its batch (tiny
   * preset: 12 of 64 rows differed between batches of 5 and one batch of 64; padded, 0 of 64 at
   * any batch length, tiny and small), so a caller that batches by partition gets results that
   * depend on the partitioning (issue 9).
   */
  public float[][] embedTextsIndependently(List<String> texts) {
    return embedTexts(texts, true);
  }

  private float[][] embedTexts(List<String> texts, boolean padToBatch) {
    float[][] out = new float[texts.size()][];
    int len = model.config().maxTextLength();
    boolean grad = Autograd.gradMode(false);
    try {
      for (int from = 0; from < texts.size(); from += BATCH) {
        int to = Math.min(texts.size(), from + BATCH);
        List<String> batch = texts.subList(from, to);
        if (padToBatch && batch.size() < BATCH) {
          batch = new ArrayList<>(batch);
          while (batch.size() < BATCH) batch.add("");
        }
        try (NDManager m = manager.newSubManager()) {
          NDArray[] enc = tokens(m, tokenizer, batch, len);
          NDArray e = model.encodeTexts(new ParameterStore(m, false), enc[0], enc[1], false);
          copyRows(e, out, from, to - from);
        }
      }
    } finally {
      Autograd.gradMode(grad);
    }
    return out;
  }

  /**
   * L2-normalised image embeddings; a row is null where the bytes do not decode
   * ({@code errors} then gets "index: reason").
   */
  public float[][] embedImages(List<byte[]> encoded, List<String> errors) {
    float[][] out = new float[encoded.size()][];
    int s = model.config().imageSize();
    boolean grad = Autograd.gradMode(false);
    try {
      for (int from = 0; from < encoded.size(); from += BATCH) {
        int to = Math.min(encoded.size(), from + BATCH);
        List<Integer> ok = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        for (int i = from; i < to; i++) {
          try {
            pixels.add(images.process(encoded.get(i), 0));
            ok.add(i);
          } catch (ImageDecodeException e) {
            errors.add(i + ": " + e.getMessage());
          }
        }
        if (ok.isEmpty()) continue;
        try (NDManager m = manager.newSubManager()) {
          float[] flat = new float[ok.size() * 3 * s * s];
          for (int k = 0; k < ok.size(); k++) System.arraycopy(pixels.get(k), 0, flat, k * 3 * s * s, 3 * s * s);
          NDArray e = model.encodeImages(new ParameterStore(m, false), m.create(flat, new Shape(ok.size(), 3, s, s)), false);
          float[] v = e.toFloatArray();
          int d = dim();
          for (int k = 0; k < ok.size(); k++) {
            float[] row = new float[d];
            System.arraycopy(v, k * d, row, 0, d);
            out[ok.get(k)] = row;
          }
        }
      }
    } finally {
      Autograd.gradMode(grad);
    }
    return out;
  }

  /** Token ids and attention mask of {@code texts} as (n, len) arrays in {@code m}. */
  public static NDArray[] tokens(NDManager m, WordPieceTokenizer tok, List<String> texts, int len) {
    long[] ids = new long[texts.size() * len];
    long[] mask = new long[texts.size() * len];
    for (int i = 0; i < texts.size(); i++) {
      Encoding e = tok.encode(texts.get(i), len);
      System.arraycopy(e.ids(), 0, ids, i * len, len);
      System.arraycopy(e.mask(), 0, mask, i * len, len);
    }
    Shape shape = new Shape(texts.size(), len);
    return new NDArray[] {m.create(ids, shape), m.create(mask, shape)};
  }

  private void copyRows(NDArray e, float[][] out, int from, int rows) {
    float[] v = e.toFloatArray();
    int d = dim();
    for (int k = 0; k < rows; k++) {
      float[] row = new float[d];
      System.arraycopy(v, k * d, row, 0, d);
      out[from + k] = row;
    }
  }

  @Override
  public void close() {
    if (ownsManager) manager.close();
  }
}
