package org.phenolip.kg.fetch;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The local copy of the bucket, through Hadoop's FileSystem API (a local folder, HDFS, s3a://):
 * {@code PMC<id>.<v>/} folders holding the XML, the images and, written last as the mark of a
 * complete version, the metadata JSON; {@code metadata/} holds every metadata JSON read (also of
 * versions skipped by licence), so a restarted run re-reads them locally. Every file is written
 * to a temporary name and renamed, so a killed run never leaves a partial file under a real name.
 */
public final class Mirror {
  public static final String METADATA = "metadata";
  public static final String FETCH_LOG = "_fetch_log";

  private final String root;
  private transient FileSystem fs;
  private final Path rootPath;

  public Mirror(String root, Configuration conf) throws IOException {
    this.root = root.replaceAll("/+$", "");
    this.rootPath = new Path(this.root);
    FileSystem f = rootPath.getFileSystem(conf);
    // the local checksum file system would add a .crc beside every file
    this.fs = f instanceof LocalFileSystem l ? l.getRaw() : f;
  }

  public String root() { return root; }

  public Path path(String rel) { return new Path(rootPath, rel); }

  /** The file's bytes, or null when it does not exist. */
  public byte[] read(String rel) throws IOException {
    Path p = path(rel);
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  public boolean exists(String rel) throws IOException {
    return fs.exists(path(rel));
  }

  /** MD5 of the file, or null when it does not exist. */
  public String md5(String rel) throws IOException {
    byte[] b = read(rel);
    return b == null ? null : Md5.hex(b);
  }

  /** Writes through a temporary file in the same folder and renames it into place. */
  public void write(String rel, byte[] bytes) throws IOException {
    Path target = path(rel);
    Path tmp = new Path(target.getParent(), "._" + target.getName() + "." + UUID.randomUUID() + ".part");
    fs.mkdirs(target.getParent());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(bytes);
    }
    if (fs.exists(target)) fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }
}
