package org.phenolip.kg.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.phenolip.core.io.Checksums;
import org.phenolip.kg.pmc.PmcSource;

/** The files a build reads, with their SHA-256: what the manifest compares between runs. */
public final class InputFiles {
  private InputFiles() {}

  /** JATS articles and PMC OA packages under each folder (or the files given), sorted, no repeats. */
  public static List<Path> pmcSources(List<Path> roots) {
    java.util.TreeSet<Path> all = new java.util.TreeSet<>();
    for (Path r : roots) PmcSource.list(r).forEach(p -> all.add(p.toAbsolutePath().normalize()));
    return List.copyOf(all);
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
