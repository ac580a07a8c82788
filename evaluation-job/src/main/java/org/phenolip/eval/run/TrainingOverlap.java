package org.phenolip.eval.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.phenolip.core.io.Checksums;
import org.phenolip.eval.spark.HadoopConf;
import org.phenolip.eval.spark.ImageReader;

/**
 * Whether a model's training data overlaps the benchmark: the training run's record
 * ({@value #FILE} in the model folder, one {@code article_id<TAB>figure_id<TAB>image_sha256}
 * per training figure, written by stage 2) against the benchmark's articles
 * ({@code excluded_articles.txt} beside the manifest) and the SHA-256 of its images.
 */
public final class TrainingOverlap {
  public static final String FILE = "training_set.tsv";

  private TrainingOverlap() {}

  /** The training record of a model folder (itself or its parent when given {@code .../model}); null when there is none. */
  public static Path record(String modelSpec) {
    Path p = Path.of(modelSpec);
    if (!Files.isDirectory(p)) return null;
    for (Path c : new Path[] {p.resolve(FILE), p.toAbsolutePath().getParent() == null ? null : p.toAbsolutePath().getParent().resolve(FILE)}) {
      if (c != null && Files.isRegularFile(c)) return c;
    }
    return null;
  }

  /**
   * A one-line description of the overlap, or null when there is none. {@code benchImages} are
   * the benchmark's {@link #imageHashes}, computed once for all the models scored on it.
   */
  public static String check(Path record, Set<String> benchArticles, Set<String> benchImages) {
    Set<String> trainArticles = new HashSet<>(), trainImages = new HashSet<>();
    try {
      for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t");
        if (f.length < 3) continue;
        trainArticles.add(f[0]);
        trainImages.add(f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the training record " + record + ": " + e.getMessage(), e);
    }
    long articles = benchArticles.stream().filter(trainArticles::contains).count();
    long images = benchImages.stream().filter(trainImages::contains).count();
    if (articles == 0 && images == 0) return null;
    return articles + " benchmark article" + (articles == 1 ? "" : "s") + " and " + images + " benchmark image"
        + (images == 1 ? "" : "s") + " in its training set";
  }

  /**
   * SHA-256 of the benchmark's images ({@code bench} as a {@link BenchFrame}): executors hash them
   * where they are (inline, or read through Hadoop FS) and the driver gets the hashes only.
   */
  public static Set<String> imageHashes(Dataset<Row> bench) {
    HadoopConf conf = new HadoopConf(bench.sparkSession().sparkContext().hadoopConfiguration());
    return bench.select("image", "image_uri")
        .map((MapFunction<Row, String>) r -> Checksums.sha256(r.isNullAt(0) ? ImageReader.read(r.getString(1), conf.get()) : (byte[]) r.get(0)),
            Encoders.STRING())
        .distinct()
        .collectAsList()
        .stream().collect(java.util.stream.Collectors.toSet());
  }
}
