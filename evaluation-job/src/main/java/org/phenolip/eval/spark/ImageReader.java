package org.phenolip.eval.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.phenolip.core.image.ImageLimits;

/** Reads one image file through Hadoop's FileSystem (local, HDFS, S3...), refusing oversized files before reading. */
public final class ImageReader {
  private ImageReader() {}

  /** A Hadoop URI for a local path or a URI ({@code /a/b.png} → {@code file:/a/b.png}); URIs pass through. */
  public static String uri(String pathOrUri) {
    return org.phenolip.core.io.Storage.uri(pathOrUri);
  }

  /** Null when the file may be read as an image, else why not ({@code image-too-large: ...}). */
  public static String sizeProblem(FileStatus st) {
    long limit = ImageLimits.DEFAULT.maxBytes();
    return st.getLen() > limit ? "image-too-large: " + st.getLen() + " bytes exceeds the limit of " + limit : null;
  }

  /** The file's bytes; a MedMNIST member URI ({@code x.npz#test_images/7}) gives that image as PNG. */
  public static byte[] read(String uri, Configuration conf) {
    if (org.phenolip.eval.bench.MedMnist.isMember(uri)) return org.phenolip.eval.bench.MedMnist.png(uri, new org.phenolip.core.io.Storage(conf));
    Path p = new Path(uri);
    try {
      FileSystem fs = p.getFileSystem(conf);
      String tooLarge = sizeProblem(fs.getFileStatus(p));
      if (tooLarge != null) throw new IllegalArgumentException(uri + ": " + tooLarge);
      try (InputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image " + uri + ": " + e.getMessage(), e);
    }
  }
}
