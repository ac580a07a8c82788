package org.phenolip.deploy.rebuild;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a step read or wrote, reduced to one hash, through Hadoop's FileSystem (local, HDFS, S3).
 * Small files are hashed by content (a pointer rewritten with the same text is no change); large
 * ones by length and modification time, as make does. Point an output at a small marker (a table's
 * commit log, a {@code CURRENT} pointer) when the folder behind it is huge.
 */
final class Fingerprints {
  static final long CONTENT_LIMIT = 1 << 20;
  private final Configuration conf;

  Fingerprints(Configuration conf) {
    this.conf = conf;
  }

  String of(List<String> paths, List<String> extra) throws IOException {
    MessageDigest md = sha256();
    for (String e : extra) update(md, "arg:" + e);
    for (String p : paths) {
      update(md, "path:" + p);
      Path path = new Path(p);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        update(md, "missing");
      } else {
        walk(fs, fs.getFileStatus(path), "", md);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private void walk(FileSystem fs, FileStatus st, String rel, MessageDigest md) throws IOException {
    if (st.isDirectory()) {
      FileStatus[] children = fs.listStatus(st.getPath());
      Arrays.sort(children, Comparator.comparing(c -> c.getPath().getName()));
      for (FileStatus c : children) {
        String name = c.getPath().getName();
        // Checksums and in-flight temporaries are not content.
        if (name.endsWith(".crc") || name.startsWith(".")) continue;
        walk(fs, c, rel + "/" + name, md);
      }
      return;
    }
    update(md, "file:" + rel + ":" + st.getLen());
    if (st.getLen() <= CONTENT_LIMIT) {
      try (InputStream in = fs.open(st.getPath())) {
        md.update(in.readAllBytes());
      }
    } else {
      update(md, "mtime:" + st.getModificationTime());
    }
  }

  private static void update(MessageDigest md, String s) {
    md.update(s.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
