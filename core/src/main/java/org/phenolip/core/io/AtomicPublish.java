package org.phenolip.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Versioned, atomic publishing of an output folder through Hadoop's FileSystem API (local,
 * HDFS, S3). A build writes into {@code root/versions/<id>}; the one-line pointer
 * {@code root/CURRENT} is then replaced through {@link Storage#writeAtomic}: rename-over
 * ({@code Options.Rename.OVERWRITE}) on local disk and HDFS, one PUT on S3, never
 * delete-then-rename, so a reader always finds a pointer. A killed build leaves the previous
 * version current; readers call {@link #resolve}. The layout is unchanged, so older published
 * folders read as before.
 */
public final class AtomicPublish {
  public static final String CURRENT = "CURRENT";
  public static final String VERSIONS = "versions";

  private final FileSystem fs;
  private final Path root;
  private final Storage storage;

  public AtomicPublish(String root, Configuration conf) throws IOException {
    this.root = new Path(root);
    this.fs = this.root.getFileSystem(conf);
    this.storage = new Storage(conf);
  }

  public static AtomicPublish local(String root) throws IOException {
    return new AtomicPublish(root, new Configuration());
  }

  /** A fresh, not yet visible version folder to write into. */
  public Path newVersion() throws IOException {
    String id = String.format("v%d-%s", System.currentTimeMillis(), UUID.randomUUID().toString().substring(0, 8));
    Path p = new Path(new Path(root, VERSIONS), id);
    fs.mkdirs(p);
    return p;
  }

  /** Makes {@code version} current; the older versions except the previous one are deleted. */
  public void commit(Path version) throws IOException {
    String previous = currentVersionName();
    // A plain rename onto an existing CURRENT fails on HDFS and does not exist on S3; the old
    // fallback (delete, then rename) left a window with no pointer at all.
    storage.writeAtomic(new Path(root, CURRENT).toString(), version.getName());
    Path versions = new Path(root, VERSIONS);
    for (var st : fs.listStatus(versions)) {
      String name = st.getPath().getName();
      if (!name.equals(version.getName()) && !name.equals(previous)) {
        fs.delete(st.getPath(), true);
      }
    }
  }

  /** The current version's folder, or null if nothing was published yet. */
  public Path current() throws IOException {
    String name = currentVersionName();
    return name == null ? null : new Path(new Path(root, VERSIONS), name);
  }

  private String currentVersionName() throws IOException {
    Path cur = new Path(root, CURRENT);
    if (!fs.exists(cur)) return null;
    try (var in = fs.open(cur)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  /**
   * The folder that holds the datasets of {@code dir}: its current published version when it
   * has a CURRENT pointer, else {@code dir} itself (a plain folder of Parquet datasets).
   */
  public static String resolve(String dir) {
    try {
      AtomicPublish p = new AtomicPublish(dir, Storage.forTask().conf()); // spark.hadoop.* of the running app
      Path c = p.current();
      return c == null ? dir : c.toString();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }
}
