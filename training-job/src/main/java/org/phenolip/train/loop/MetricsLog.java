package org.phenolip.train.loop;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Syncable;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;

/**
 * Step metrics as JSON lines, appended and flushed per step. A run resumed from the checkpoint
 * of step S continues the file after dropping the lines of steps ≥ S (logged after that
 * checkpoint by the run that died, and about to be run again), so every step is in it once.
 *
 * <p>A local path (no scheme, {@code file:}) is written with java.nio as always. Any other
 * Hadoop URI ({@code hdfs:}, {@code s3a:}) goes through {@link Storage}, so rank 0 writes the
 * run's output folder and not the disk of whichever executor it landed on: each line is
 * {@code hflush}ed (visible to HDFS readers at once; S3 shows the object when the run closes
 * it), and a resumed run rewrites the kept lines into a new file, since S3 cannot append.
 */
final class MetricsLog implements AutoCloseable {
  private static final ObjectWriter LINE = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
  private final BufferedWriter out;
  /** The Hadoop stream under {@link #out} (non-local paths), hflushed per line. */
  private OutputStream stream;

  /** {@code resumeFrom} 0: a fresh file; else keep the lines of steps before it and append. */
  MetricsLog(String path, long resumeFrom) {
    this(path, resumeFrom, Storage.isLocal(path) ? null : Storage.forTask());
  }

  /** {@code storage} null: java.nio on a local path; else that Hadoop file system. */
  MetricsLog(String path, long resumeFrom, Storage storage) {
    try {
      out = storage == null ? openLocal(path, resumeFrom) : openRemote(storage, path, resumeFrom);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics file " + path + ": " + e.getMessage(), e);
    }
  }

  private static BufferedWriter openLocal(String path, long resumeFrom) throws IOException {
    Path p = local(path);
    if (p.toAbsolutePath().getParent() != null) Files.createDirectories(p.toAbsolutePath().getParent());
    if (resumeFrom > 0 && Files.exists(p)) {
      List<String> kept = keptLines(Files.readAllLines(p, StandardCharsets.UTF_8), resumeFrom);
      Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
      Files.write(tmp, kept, StandardCharsets.UTF_8);
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        resumeFrom > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  private BufferedWriter openRemote(Storage storage, String path, long resumeFrom) throws IOException {
    List<String> kept = resumeFrom > 0 && storage.exists(path)
        ? keptLines(storage.readString(path).lines().toList(), resumeFrom) : List.of();
    stream = storage.create(path);
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    for (String line : kept) {
      w.write(line);
      w.newLine();
    }
    return w;
  }

  private static List<String> keptLines(List<String> lines, long resumeFrom) {
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) continue;
      try {
        if (Json.MAPPER.readTree(line).path("step").asLong(Long.MAX_VALUE) < resumeFrom) kept.add(line);
      } catch (IOException torn) {
        // a line cut by the crash: dropped
      }
    }
    return kept;
  }

  private static Path local(String path) {
    return Path.of(path.startsWith("file:") ? java.net.URI.create(path).getPath() : path);
  }

  /**
   * Every step of the run as the file holds it, when it holds steps 0 … {@code stop − 1} once
   * each (the whole run, resumed or not); else null (no file here, e.g. written on an executor).
   */
  static List<StepMetrics> wholeRun(String path, long stop) {
    if (path == null) return null;
    List<StepMetrics> all = new ArrayList<>();
    try {
      List<String> lines;
      if (Storage.isLocal(path)) {
        Path p = local(path);
        if (!Files.isRegularFile(p)) return null;
        lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      } else {
        Storage storage = Storage.forTask();
        if (!storage.exists(path)) return null;
        lines = storage.readString(path).lines().toList();
      }
      for (String line : lines) {
        if (line.isBlank()) continue;
        var n = Json.MAPPER.readTree(line);
        all.add(new StepMetrics(n.path("step").asLong(), n.path("epoch").asInt(), n.path("loss").asDouble(),
            n.path("lr").asDouble(), n.path("grad_norm").asDouble(), n.path("samples_per_s").asDouble(),
            n.path("comm_s").asDouble(), n.path("step_s").asDouble(), n.path("workers").asInt(), n.path("attempt").asInt()));
      }
    } catch (IOException e) {
      return null;
    }
    if (all.size() != stop) return null;
    for (int i = 0; i < all.size(); i++) if (all.get(i).step() != i) return null;
    return all;
  }

  void write(StepMetrics m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", m.step());
    row.put("epoch", m.epoch());
    row.put("loss", m.loss());
    row.put("lr", m.lr());
    row.put("grad_norm", m.gradNorm());
    row.put("samples_per_s", m.samplesPerSec());
    row.put("comm_s", m.commSeconds());
    row.put("step_s", m.stepSeconds());
    row.put("workers", m.workers());
    row.put("attempt", m.attempt());
    try {
      out.write(LINE.writeValueAsString(row));
      out.newLine();
      out.flush();
      if (stream instanceof Syncable sync) sync.hflush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
