package org.phenolip.core.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one storage layer for job data: every path a job takes or writes is a Hadoop URI
 * ({@code file:}, {@code hdfs:}, {@code s3a:}, or a plain path on the default file system)
 * read and written through Hadoop's FileSystem API, so the same code runs on a laptop, HDFS
 * and S3. Serializable, so a task (rank 0 writing metrics or parameters) carries the driver's
 * Hadoop settings (endpoints, credentials) with it.
 *
 * <p>{@link #writeAtomic} is the small-file publish: readers see the old or the new content,
 * never a partial file. On HDFS and local disk it renames a temporary file over the target
 * with {@code Options.Rename.OVERWRITE} (one atomic operation, no delete-then-rename); on
 * object stores (S3), which have no rename, it relies on a single PUT being atomic.
 */
public final class Storage implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Schemes of object stores: no atomic rename, but a single object write is all-or-nothing. */
  private static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "wasb", "wasbs", "abfs", "abfss", "oss");

  private transient Configuration conf;

  public Storage(Configuration conf) {
    this.conf = conf;
  }

  /** The session's Hadoop settings (what {@code spark.hadoop.*} and {@code core-site.xml} say). */
  public static Storage of(SparkSession spark) {
    return new Storage(new Configuration(spark.sparkContext().hadoopConfiguration()));
  }

  /**
   * Inside a Spark task or on a driver with a running SparkContext: Hadoop's defaults plus the
   * application's {@code spark.hadoop.*} settings (S3 endpoint, credentials, as {@code --conf}
   * gives them), which a bare {@code new Configuration()} would miss. Before a session starts:
   * the {@code spark.hadoop.*} system properties (what spark-submit hands the driver).
   */
  public static Storage forTask() {
    Configuration c = new Configuration();
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    if (env != null) {
      for (scala.Tuple2<String, String> kv : env.conf().getAll()) withSparkHadoop(c, kv._1(), kv._2());
    } else {
      System.getProperties().forEach((k, v) -> withSparkHadoop(c, k.toString(), v.toString()));
    }
    return new Storage(c);
  }

  /** {@code forTask()} plus these Spark settings' {@code spark.hadoop.*} (a command's --conf, before its session). */
  public static Storage forTask(java.util.Map<String, String> sparkConf) {
    Storage s = forTask();
    sparkConf.forEach((k, v) -> withSparkHadoop(s.conf, k, v));
    return s;
  }

  private static void withSparkHadoop(Configuration c, String key, String value) {
    if (key.startsWith("spark.hadoop.")) c.set(key.substring("spark.hadoop.".length()), value);
  }

  /** True for a path on the local disk: no scheme (as the CLIs have always read it) or {@code file:}. */
  public static boolean isLocal(String path) {
    String scheme = new Path(path).toUri().getScheme();
    return scheme == null || "file".equalsIgnoreCase(scheme);
  }

  /**
   * A CLI path as a full URI: a local path becomes an absolute {@code file:} URI (a bare path
   * would resolve against {@code fs.defaultFS}, HDFS on YARN); URIs pass through.
   */
  public static String uri(String pathOrUri) {
    if (!isLocal(pathOrUri)) return pathOrUri;
    return localPath(pathOrUri).toAbsolutePath().normalize().toUri().toString();
  }

  /** For messages and records: a local path made absolute (a plain path, as users read it); a URI as is. */
  public static String absolute(String pathOrUri) {
    return isLocal(pathOrUri) ? localPath(pathOrUri).toAbsolutePath().normalize().toString() : pathOrUri;
  }

  /** A local path as the CLIs take it (plain, or a {@code file:} URI) as a java.nio path. */
  public static java.nio.file.Path localPath(String path) {
    if (!isLocal(path)) throw new IllegalArgumentException(path + " is not on the local disk");
    return java.nio.file.Path.of(path.startsWith("file:") ? new Path(path).toUri().getPath() : path);
  }

  /** Hadoop's defaults (local disk unless core-site.xml says otherwise): for tools and tests. */
  public static Storage local() {
    return new Storage(new Configuration());
  }

  public Configuration conf() {
    return conf;
  }

  /** The path fully qualified on its file system (scheme and authority added, relative paths made absolute). */
  public String qualify(String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  /** {@code child} under {@code dir}, as a string URI. */
  public static String child(String dir, String child) {
    return new Path(new Path(dir), child).toString();
  }

  public FileSystem fs(String path) throws IOException {
    return new Path(path).getFileSystem(conf);
  }

  public boolean exists(String path) {
    try {
      return fs(path).exists(new Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  public boolean isDirectory(String path) {
    try {
      return fs(path).getFileStatus(new Path(path)).isDirectory();
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  public InputStream open(String path) throws IOException {
    return fs(path).open(new Path(path));
  }

  /**
   * Creates (or overwrites) {@code path}, parents included. Not atomic: see {@link #writeAtomic}.
   * Local files are written through java.nio: without its native library, Hadoop's local file
   * system forks a {@code chmod} for each created file and for its {@code .crc} sidecar (87–230 ms
   * a file measured on this 2-core host, against 0.5 ms for a plain write).
   */
  public OutputStream create(String path) throws IOException {
    FileSystem fs = fs(path);
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) { // where the path resolves: file:, or a bare path on a local default FS
      java.nio.file.Path p = local.pathToFile(new Path(path)).toPath().toAbsolutePath();
      java.nio.file.Files.createDirectories(p.getParent());
      // A sidecar left by an earlier Hadoop write would no longer match: Hadoop's reader would fail on it.
      java.nio.file.Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
      return java.nio.file.Files.newOutputStream(p);
    }
    return fs.create(new Path(path), true);
  }

  /**
   * The whole file. A read that overlaps a replacing {@link #writeAtomic} fails rather than mixing
   * two versions: on S3 with S3A's RemoteFileChangedException (the object changed between HEAD and
   * GET), on HDFS with "Blocklist for … has changed" or a missing block of the replaced inode. Such
   * a read is done again after a growing, jittered wait (10 ms doubling to 500 ms, {@value
   * #READ_ATTEMPTS} reads, about 3 s in all), so a pointer being replaced reads as the old or the
   * new one. Immediate retries were not enough: a writer replacing the file in a loop failed five
   * back-to-back reads on a loaded CI host (HEAD and GET straddling a PUT each time).
   */
  public byte[] readBytes(String path) throws IOException {
    long waitMillis = 10;
    for (int attempt = 1; ; attempt++) {
      InputStream in = null;
      try {
        in = open(path); // S3A may already meet the replaced object here
        return in.readAllBytes();
      } catch (IOException e) {
        boolean missing = in == null && e instanceof java.io.FileNotFoundException;
        if (attempt >= READ_ATTEMPTS || missing || !replacedWhileReading(e)) throw e;
      } finally {
        if (in != null) in.close();
      }
      try {
        Thread.sleep(waitMillis / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(waitMillis / 2 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting to read " + path + " again");
      }
      waitMillis = Math.min(500, waitMillis * 2);
    }
  }

  /** How many times {@link #readBytes} reads a file that keeps being replaced before it gives up. */
  static final int READ_ATTEMPTS = 12;

  private static boolean replacedWhileReading(IOException e) {
    String type = e.getClass().getSimpleName();
    String message = String.valueOf(e.getMessage());
    return type.equals("RemoteFileChangedException")
        || type.equals("BlockMissingException")
        || e instanceof java.io.FileNotFoundException
        || (message.startsWith("Blocklist for ") && message.endsWith("has changed!"));
  }

  public String readString(String path) throws IOException {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  public void write(String path, byte[] data) throws IOException {
    try (OutputStream out = create(path)) {
      out.write(data);
    }
  }

  public void writeString(String path, String text) throws IOException {
    write(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces {@code path} with {@code data} so that readers see the whole old or the whole new file. */
  public void writeAtomic(String path, byte[] data) throws IOException {
    try (Replacement out = replace(path)) {
      out.write(data);
      out.commit();
    }
  }

  /**
   * A stream that replaces {@code path} at {@link Replacement#commit()}: readers see the old file
   * or the whole new one, and a stream closed without commit (the writer failed) leaves the old
   * file as it was. For outputs too large for {@link #writeAtomic}'s byte array (RDF exports,
   * query results). Wrappers (buffers, gzip) are flushed or finished before commit, not closed.
   */
  public Replacement replace(String path) throws IOException {
    Path target = new Path(path);
    FileSystem fs = target.getFileSystem(conf);
    if (isObjectStore(fs.getUri())) {
      // One upload at close: the object appears whole or not at all (and there is no rename to use).
      org.apache.hadoop.fs.FSDataOutputStream upload = fs.create(target, true);
      return new Replacement(upload) {
        @Override void publish() throws IOException {
          upload.close();
        }

        @Override void discard() throws IOException {
          try {
            upload.abort(); // S3A: drop the parts, upload nothing
          } catch (UnsupportedOperationException e) {
            throw new IOException("cannot abort a partial upload of " + path + " (" + fs.getScheme() + ")", e);
          }
        }
      };
    }
    Path tmp = new Path(target.getParent(), "._tmp." + target.getName() + "." + UUID.randomUUID());
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
      // The checksummed local FS renames the data file and its .crc sidecar in two steps, so a
      // concurrent reader could pair new data with the old checksum (ChecksumException). Write
      // without a sidecar and drop the stale one: readers then see one file, swapped by a single
      // rename (FileContext's OVERWRITE rename on the local FS deletes the target first, a window
      // with no file; a POSIX rename replaces it in one step).
      FileSystem raw = local.getRawFileSystem();
      java.nio.file.Path from = java.nio.file.Path.of(local.pathToFile(tmp).getAbsolutePath());
      java.nio.file.Path to = java.nio.file.Path.of(local.pathToFile(target).getAbsolutePath());
      OutputStream out = raw.create(tmp, false);
      return new Replacement(out) {
        @Override void publish() throws IOException {
          out.close();
          fs.delete(local.getChecksumFile(target), false);
          java.nio.file.Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        @Override void discard() throws IOException {
          out.close();
          raw.delete(tmp, false);
        }
      };
    }
    OutputStream out = fs.create(tmp, false);
    return new Replacement(out) {
      @Override void publish() throws IOException {
        out.close();
        FileContext.getFileContext(fs.getUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
      }

      @Override void discard() throws IOException {
        out.close();
        fs.delete(tmp, false);
      }
    };
  }

  /** See {@link #replace}: written like any stream, published by {@link #commit()}, discarded by a close without it. */
  public abstract static class Replacement extends java.io.FilterOutputStream {
    private boolean done;

    Replacement(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len); // FilterOutputStream would write byte by byte
    }

    abstract void publish() throws IOException;

    abstract void discard() throws IOException;

    /** Makes the written bytes the file's content. */
    public void commit() throws IOException {
      if (done) throw new IllegalStateException("already committed or discarded");
      done = true;
      try {
        publish();
      } catch (IOException | RuntimeException e) {
        try {
          discard();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    /** Discards what was written unless {@link #commit()} came first. */
    @Override
    public void close() throws IOException {
      if (done) return;
      done = true;
      discard();
    }
  }

  public void writeAtomic(String path, String text) throws IOException {
    writeAtomic(path, text.getBytes(StandardCharsets.UTF_8));
  }

  static boolean isObjectStore(URI fsUri) {
    String s = fsUri.getScheme();
    return s != null && OBJECT_STORES.contains(s.toLowerCase(Locale.ROOT));
  }

  /** The entries of a folder (full URIs), sorted by name; empty when it does not exist. */
  public List<String> list(String dir) throws IOException {
    Path d = new Path(dir);
    FileSystem fs = d.getFileSystem(conf);
    List<String> out = new ArrayList<>();
    if (!fs.exists(d)) return out;
    for (FileStatus st : fs.listStatus(d)) out.add(st.getPath().toString());
    out.sort(null);
    return out;
  }

  public void mkdirs(String dir) throws IOException {
    fs(dir).mkdirs(new Path(dir));
  }

  public boolean delete(String path, boolean recursive) throws IOException {
    return fs(path).delete(new Path(path), recursive);
  }

  /** Copies every file under the local folder {@code localDir} to the same relative path under {@code dest}. */
  public void putLocalTree(java.io.File localDir, String dest) throws IOException {
    Path d = new Path(dest);
    FileSystem fs = d.getFileSystem(conf);
    java.io.File[] children = localDir.listFiles();
    if (children == null) return;
    for (java.io.File c : children) {
      if (c.isDirectory()) putLocalTree(c, new Path(d, c.getName()).toString());
      else {
        // Streamed through create(), not copyFromLocalFile: S3A's file upload takes a signing path
        // that S3-compatible stores do not all accept (S3Proxy answers XAmzContentSHA256Mismatch).
        try (InputStream in = new java.io.FileInputStream(c); OutputStream out = fs.create(new Path(d, c.getName()), true)) {
          in.transferTo(out);
        }
      }
    }
  }

  private static final java.util.Map<String, java.nio.file.Path> LOCAL_TREES = new java.util.HashMap<>();

  /**
   * The folder (or single file) at {@code uri} on this host's disk, for loaders that only read
   * local files (model folders: DJL, the tokenizer; the HPO release, a vocabulary). Local: the
   * path itself. Remote: copied once per JVM, under its own name, into a temporary folder and
   * reused while the files' sizes and times are unchanged, so every task of an executor shares
   * one copy.
   */
  public java.nio.file.Path localTree(String uri) throws IOException {
    if (isLocal(uri)) return localPath(uri);
    Path src = new Path(uri);
    FileSystem fs = src.getFileSystem(conf);
    StringBuilder key = new StringBuilder(fs.makeQualified(src).toString());
    var it = fs.listFiles(src, true);
    if (!it.hasNext()) throw new java.io.FileNotFoundException(uri + ": no files");
    while (it.hasNext()) {
      FileStatus f = it.next();
      key.append('|').append(f.getPath().getName()).append(':').append(f.getLen()).append(':').append(f.getModificationTime());
    }
    synchronized (LOCAL_TREES) {
      java.nio.file.Path cached = LOCAL_TREES.get(key.toString());
      if (cached != null && java.nio.file.Files.isDirectory(cached)) return cached;
      java.nio.file.Path dest = java.nio.file.Files.createTempDirectory("phenolip-tree-").resolve(src.getName().isEmpty() ? "root" : src.getName());
      fs.copyToLocalFile(false, src, new Path(dest.toUri()), true); // raw local: no .crc files
      LOCAL_TREES.put(key.toString(), dest);
      return dest;
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(b)) {
      conf.write(d);
    }
    out.writeObject(b.toByteArray());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    try (DataInputStream d = new DataInputStream(new ByteArrayInputStream((byte[]) in.readObject()))) {
      conf.readFields(d);
    }
  }
}
