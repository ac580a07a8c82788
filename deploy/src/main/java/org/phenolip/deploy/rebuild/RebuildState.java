package org.phenolip.deploy.rebuild;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.phenolip.core.io.Json;

/**
 * The state folder of a rebuild: what each step last did ({@code state.json}), one JSON record
 * per run under {@code runs/}, and a lock so that two schedulers never run the same rebuild.
 */
final class RebuildState implements AutoCloseable {
  /** The last outcome of one step. */
  record StepState(String status, String inputs, String outputs, Double watched, String finished) {}

  private final FileSystem fs;
  private final Path dir;
  private final Path lock;
  private final Map<String, StepState> steps;

  private RebuildState(FileSystem fs, Path dir, Map<String, StepState> steps) {
    this.fs = fs;
    this.dir = dir;
    this.lock = new Path(dir, "LOCK");
    this.steps = steps;
  }

  /** Opens (or creates) the state folder and takes its lock. */
  static RebuildState open(String stateDir, Configuration conf) throws IOException {
    Path dir = new Path(stateDir);
    FileSystem fs = dir.getFileSystem(conf);
    fs.mkdirs(dir);
    Path lock = new Path(dir, "LOCK");
    try (OutputStream out = fs.create(lock, false)) {
      out.write(("pid " + ProcessHandle.current().pid() + " since " + java.time.Instant.now()).getBytes(StandardCharsets.UTF_8));
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new IllegalStateException("another rebuild holds " + lock + " (" + read(fs, lock).trim()
          + "); if that run is dead, delete the file");
    }
    Map<String, StepState> steps = new LinkedHashMap<>();
    Path file = new Path(dir, "state.json");
    if (fs.exists(file)) {
      steps.putAll(Json.MAPPER.readValue(read(fs, file), new TypeReference<Map<String, StepState>>() {}));
    }
    return new RebuildState(fs, dir, steps);
  }

  StepState get(String id) {
    return steps.get(id);
  }

  void put(String id, StepState s) throws IOException {
    steps.put(id, s);
    writeAtomically(new Path(dir, "state.json"), Json.write(steps));
  }

  /** Writes one run record and returns its path. */
  Path record(String runId, Object run) throws IOException {
    Path p = new Path(new Path(dir, "runs"), runId + ".json");
    writeAtomically(p, Json.write(run));
    return p;
  }

  private void writeAtomically(Path target, String text) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID());
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    // The state file is rewritten after every step: a crash leaves the old one or the new one.
    if (!fs.rename(tmp, target)) {
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) throw new IOException("could not write " + target);
    }
  }

  private static String read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws IOException {
    fs.delete(lock, false);
  }
}
