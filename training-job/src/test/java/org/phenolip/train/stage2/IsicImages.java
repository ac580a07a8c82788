package org.phenolip.train.stage2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real ISIC images for training tests: the first {@code n} of a class by file name over the whole 270-image set
 * (both halves, {@code train_subset} and {@code sample_figures}), so the tests see the same files they did before
 * the set was split for the probes.
 */
final class IsicImages {
  private IsicImages() {}

  static List<Path> first(String cls, int n) throws IOException {
    Path root = Path.of("../data/images/isic_9class");
    try (Stream<Path> a = Files.list(root.resolve("train_subset").resolve(cls));
         Stream<Path> b = Files.list(root.resolve("sample_figures").resolve(cls))) {
      return Stream.concat(a, b).sorted(Comparator.comparing(p -> p.getFileName().toString())).limit(n).toList();
    }
  }
}
