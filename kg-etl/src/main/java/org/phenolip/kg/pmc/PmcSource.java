package org.phenolip.kg.pmc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PMC inputs under a directory tree: loose {@code .nxml}/{@code .xml} files and OA packages
 * ({@code .tar.gz}/{@code .tgz}), in a stable (sorted) order. Other files are not inputs and are
 * skipped (images beside loose XML, READMEs, ground-truth files). Hidden files and folders
 * (name starting with ".") are skipped too.
 *
 * <p>For a cluster, list with Spark instead ({@code binaryFiles}) and wrap each
 * (path, bytes) with {@link SourceDocument#of}; reading is then {@link PmcReader#read(SourceDocument)}.
 */
public final class PmcSource {
  private PmcSource() {}

  /** Every PMC input under {@code root} (or {@code root} itself if it is one), sorted by path. */
  public static List<Path> list(Path root) {
    if (Files.isRegularFile(root)) {
      return SourceDocument.kindOf(root.getFileName().toString()) != null ? List.of(root) : List.of();
    }
    if (!Files.isDirectory(root)) throw new IllegalArgumentException("PMC input folder not found: " + root);
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !hidden(root, p))
          .filter(Files::isRegularFile)
          .filter(p -> SourceDocument.kindOf(p.getFileName().toString()) != null)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list PMC inputs under " + root + ": " + e.getMessage(), e);
    }
  }

  /** Lazily reads and parses every input; each file is read once, when its element is pulled. */
  public static Stream<ParsedArticle> read(Path root) {
    return list(root).stream().map(PmcReader::read);
  }

  private static boolean hidden(Path root, Path p) {
    for (Path part : root.relativize(p)) {
      if (part.toString().startsWith(".")) return true;
    }
    return false;
  }
}
