package org.phenolip.model.encode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.phenolip.core.io.Storage;
import org.phenolip.model.tower.PhenolipModel;

/**
 * Model folders on any Hadoop file system. DJL reads and writes model files on local disk
 * only, so a model is saved into local scratch and copied to its URI through {@link Storage},
 * and a model on HDFS or S3 is copied into local scratch before DJL loads it. The local copies
 * are scratch space, never job data.
 */
public final class ModelStore {
  private ModelStore() {}

  /** Saves {@code model} with {@code vocab} as the model folder {@code dir} (a Hadoop URI). */
  public static void save(Storage storage, PhenolipModel model, Path vocab, String dir) throws IOException {
    Path scratch = Files.createTempDirectory("phenolip-model-");
    try {
      Path local = scratch.resolve("model");
      PhenolipEncoder.save(model, vocab, local);
      storage.fromLocal(local.toFile(), dir);
    } finally {
      deleteTree(scratch.toFile());
    }
  }

  /**
   * A local folder holding the model folder {@code dir}: {@code dir} itself on local disk, else
   * a copy under {@code scratch} (the caller deletes scratch).
   */
  public static Path local(Storage storage, String dir, Path scratch) {
    try {
      if (!storage.exists(dir)) throw new IllegalArgumentException("no model folder at " + dir);
      return storage.toLocal(dir, scratch.toFile()).toPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the model " + dir + " to local scratch: " + e.getMessage(), e);
    }
  }

  public static void deleteTree(File f) {
    File[] children = f.listFiles();
    if (children != null) for (File c : children) deleteTree(c);
    f.delete();
  }
}
