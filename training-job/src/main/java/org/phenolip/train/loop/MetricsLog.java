package org.phenolip.train.loop;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.phenolip.core.io.Json;

/** Step metrics as JSON lines, appended and flushed per step (a resumed run continues the file). */
final class MetricsLog implements AutoCloseable {
  private static final ObjectWriter LINE = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
  private final BufferedWriter out;

  MetricsLog(String path, boolean append) {
    try {
      Path p = Path.of(path.startsWith("file:") ? java.net.URI.create(path).getPath() : path);
      if (p.toAbsolutePath().getParent() != null) Files.createDirectories(p.toAbsolutePath().getParent());
      out = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics file " + path, e);
    }
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
