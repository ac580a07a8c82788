package org.phenolip.eval.bench;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One benchmark row: an image (inline bytes, or a file path already resolved against the
 * manifest's folder), its caption, its HPO phenotype ids and the system it is scored under.
 */
public record BenchItem(String id, String imagePath, byte[] image, String caption, List<String> phenotypes, String system)
    implements Serializable {

  /** The image bytes: inline, else read from {@link #imagePath}. */
  public byte[] imageBytes() {
    if (image != null) return image;
    try {
      return org.phenolip.core.io.Storage.local().readBytes(imagePath);
    } catch (IOException e) {
      throw new UncheckedIOException("bench row " + id + ": cannot read image " + imagePath + ": " + e.getMessage(), e);
    }
  }
}
