package org.phenolip.train.loop;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;

/**
 * Step metrics as JSON lines, written by rank 0 through Hadoop's FileSystem API (the run's
 * output folder on local disk, HDFS or S3, never an executor's own disk). Each line is
 * flushed ({@code hflush}: visible to HDFS readers at once; an object store shows the file
 * when the run closes it). A resumed run continues the file: the earlier lines are copied
 * into the new file first, since object stores cannot append.
 */
final class MetricsLog implements AutoCloseable {
  private static final ObjectWriter LINE = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
  private final OutputStream out;
  private final String path;

  MetricsLog(Storage storage, String path, boolean append) {
    this.path = path;
    try {
      byte[] earlier = append && storage.exists(path) ? storage.readBytes(path) : new byte[0];
      out = storage.create(path);
      out.write(earlier);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics file " + path + ": " + e.getMessage(), e);
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
      out.write((LINE.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8));
      if (out instanceof FSDataOutputStream f) f.hflush();
      else out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to " + path, e);
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
