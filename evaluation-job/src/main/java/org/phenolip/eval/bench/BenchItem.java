package org.phenolip.eval.bench;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One benchmark row: an image (inline bytes, or a file path already resolved against the
 * manifest's folder), its caption, its HPO phenotype ids and the system it is scored under.
 */
public record BenchItem(String id, String imagePath, byte[] image, String caption, List<String> phenotypes, String system)
    implements Serializable {

  /** The image bytes: inline, else read from {@link #imagePath} (a local path, or a URI through Hadoop FS). */
  public byte[] imageBytes() {
    if (image != null) return image;
    if (imagePath == null) throw new IllegalStateException("bench row " + id + ": its image stays on the executors (a Parquet manifest's bytes): read it from the bench frame");
    try {
      if (!org.phenolip.core.io.Storage.isLocal(imagePath)) return org.phenolip.core.io.Storage.forTask().readBytes(imagePath);
      return Files.readAllBytes(Path.of(imagePath));
    } catch (IOException e) {
      throw new UncheckedIOException("bench row " + id + ": cannot read image " + imagePath + ": " + e.getMessage(), e);
    }
  }
}
