package org.phenolip.kg.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.phenolip.core.io.Checksums;

/** The files a build reads, with their SHA-256: what the manifest compares between runs. */
public final class InputFiles {
  private InputFiles() {}

  /** JATS articles and PMC OA packages under {@code dir}, sorted (a file is one source). */
  public static List<Path> pmcSources(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--pmc " + dir + " is not a directory");
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(InputFiles::isPmcSource).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static boolean isPmcSource(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".nxml") || n.endsWith(".xml") || n.endsWith(".tar.gz") || n.endsWith(".tgz");
  }

  /** path → sha256, in path order. */
  public static Map<String, String> checksums(List<Path> files) {
    Map<String, String> out = new TreeMap<>();
    for (Path f : files) {
      try {
        out.put(f.toAbsolutePath().normalize().toString(), Checksums.sha256(f));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return out;
  }
}
