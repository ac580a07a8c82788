package org.phenolip.core.io;

import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the local file system (a {@code file:} URI, as the CLIs write it). */
class LocalStorageContractTest extends StorageContract {
  @TempDir java.nio.file.Path tmp;

  @Override
  protected String root() throws Exception {
    return Files.createTempDirectory(tmp, "c").toUri().toString();
  }

  @Override
  protected Configuration conf() {
    return new Configuration();
  }
}
