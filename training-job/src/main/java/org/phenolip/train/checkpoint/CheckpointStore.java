package org.phenolip.train.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.io.Checksums;
import org.phenolip.core.io.Json;
import org.phenolip.train.optim.OptimizerState;

/**
 * Checkpoints through Hadoop's FileSystem API (local, HDFS, S3 paths). Each checkpoint is a
 * version folder ({@code state.bin} + {@code meta.json}) published with core's
 * {@link AtomicPublish}: written under a fresh name, then the one-line {@code CURRENT}
 * pointer (the "latest" pointer) is replaced by write-temp-and-rename. A writer killed
 * half-way leaves the previous checkpoint current; the current and previous one are kept.
 */
public final class CheckpointStore {
  public static final String STATE = "state.bin";
  public static final String META = "meta.json";
  private static final int MAGIC = 0x504C434B; // "PLCK"
  private static final int FORMAT = 1;

  private final String root;
  private final Configuration conf;

  public CheckpointStore(String root, Map<String, String> hadoopConf) {
    this.root = root;
    this.conf = new Configuration();
    if (hadoopConf != null) hadoopConf.forEach(conf::set);
  }

  /** Checkpoints under {@code root} with the settings (endpoints, credentials) of {@code storage}. */
  public CheckpointStore(String root, org.phenolip.core.io.Storage storage) {
    this.root = root;
    this.conf = storage.conf();
  }

  public String root() { return root; }

  /** Writes {@code s} and makes it the latest checkpoint; returns its folder. */
  public String save(TrainingState s) throws IOException {
    AtomicPublish pub = new AtomicPublish(root, conf);
    Path dir = pub.newVersion();
    FileSystem fs = dir.getFileSystem(conf);
    byte[] state = encode(s);
    try (OutputStream out = fs.create(new Path(dir, STATE), true)) {
      out.write(state);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("global_step", s.globalStep());
    meta.put("epoch", s.epoch());
    meta.put("step_in_epoch", s.stepInEpoch());
    meta.put("seed", s.seed());
    meta.put("parameters", s.params().length);
    meta.put("parameter_names", s.paramNames());
    meta.put("state_sha256", Checksums.sha256(state));
    meta.put("config", s.config());
    try (OutputStream out = fs.create(new Path(dir, META), true)) {
      out.write(Json.write(meta).getBytes(StandardCharsets.UTF_8));
    }
    pub.commit(dir);
    return dir.toString();
  }

  /** The latest checkpoint, or null when none was published under the root. */
  public TrainingState latest() throws IOException {
    Path dir = new AtomicPublish(root, conf).current();
    if (dir == null) return null;
    FileSystem fs = dir.getFileSystem(conf);
    Path statePath = new Path(dir, STATE);
    Path metaPath = new Path(dir, META);
    if (!fs.exists(statePath) || !fs.exists(metaPath)) {
      throw new IOException("checkpoint " + dir + " is incomplete: missing " + (fs.exists(statePath) ? META : STATE));
    }
    byte[] state;
    try (var in = fs.open(statePath)) {
      state = in.readAllBytes();
    }
    Map<?, ?> meta;
    try (var in = fs.open(metaPath)) {
      meta = Json.MAPPER.readValue((java.io.InputStream) in, Map.class);
    }
    String expected = String.valueOf(meta.get("state_sha256"));
    String actual = Checksums.sha256(state);
    if (!expected.equals(actual)) {
      throw new IOException("checkpoint " + statePath + " is corrupt: sha256 " + actual + " but meta.json says " + expected);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) meta.get("config");
    return decode(state, statePath, config);
  }

  static byte[] encode(TrainingState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 12 * s.params().length);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeLong(s.globalStep());
      out.writeInt(s.epoch());
      out.writeLong(s.stepInEpoch());
      out.writeLong(s.seed());
      out.writeInt(s.paramNames().size());
      for (String n : s.paramNames()) out.writeUTF(n);
      writeFloats(out, s.params());
      OptimizerState o = s.optimizer();
      out.writeLong(o.step());
      out.writeInt(o.m().length);
      for (int i = 0; i < o.m().length; i++) {
        writeFloats(out, o.m()[i]);
        writeFloats(out, o.v()[i]);
      }
    }
    return bytes.toByteArray();
  }

  static TrainingState decode(byte[] state, Path file, Map<String, Object> config) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(state)))) {
      if (in.readInt() != MAGIC) throw new IOException(file + " is not a PhenoLIP checkpoint (bad magic)");
      int format = in.readInt();
      if (format != FORMAT) throw new IOException(file + " has checkpoint format " + format + ", this build reads " + FORMAT);
      long step = in.readLong();
      int epoch = in.readInt();
      long inEpoch = in.readLong();
      long seed = in.readLong();
      int k = in.readInt();
      List<String> names = new ArrayList<>(k);
      for (int i = 0; i < k; i++) names.add(in.readUTF());
      float[] params = readFloats(in);
      long optStep = in.readLong();
      int np = in.readInt();
      float[][] m = new float[np][];
      float[][] v = new float[np][];
      for (int i = 0; i < np; i++) {
        m[i] = readFloats(in);
        v[i] = readFloats(in);
      }
      return new TrainingState(step, epoch, inEpoch, seed, names, params, new OptimizerState(optStep, m, v), config);
    } catch (java.io.EOFException e) {
      throw new IOException(file + " is truncated", e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    ByteBuffer b = ByteBuffer.allocate(4 * Math.min(a.length, 1 << 16));
    for (int done = 0; done < a.length; ) {
      int k = Math.min(a.length - done, 1 << 16);
      b.clear();
      b.asFloatBuffer().put(a, done, k);
      out.write(b.array(), 0, 4 * k);
      done += k;
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) throw new IOException("negative array length");
    float[] a = new float[n];
    byte[] buf = new byte[4 * Math.min(n, 1 << 16)];
    for (int done = 0; done < n; ) {
      int k = Math.min(n - done, 1 << 16);
      in.readFully(buf, 0, 4 * k);
      ByteBuffer.wrap(buf, 0, 4 * k).asFloatBuffer().get(a, done, k);
      done += k;
    }
    return a;
  }
}
