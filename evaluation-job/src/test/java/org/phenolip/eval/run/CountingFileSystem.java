package org.phenolip.eval.run;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the non-local scheme {@code countfs://}, registered with
 * {@code fs.countfs.impl}: java.nio cannot open these URIs, only Hadoop's FileSystem can. Counts
 * the files opened.
 */
public final class CountingFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "countfs";
  static final AtomicInteger OPENS = new AtomicInteger();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    OPENS.incrementAndGet();
    return super.open(f, bufferSize);
  }
}
