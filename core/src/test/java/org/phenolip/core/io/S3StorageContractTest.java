package org.phenolip.core.io;

import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on S3 through S3A: no rename, so {@link Storage#writeAtomic} and
 * {@link AtomicPublish} rely on a single PUT being atomic.
 */
class S3StorageContractTest extends StorageContract {
  static S3TestServer server;
  static Configuration conf;

  @BeforeAll
  static void start() throws Exception {
    server = new S3TestServer("contract");
    conf = server.conf();
  }

  @AfterAll
  static void stop() throws Exception {
    FileSystem.closeAll();
    if (server != null) server.close();
  }

  @Override
  protected String root() {
    return server.root() + "/c-" + UUID.randomUUID();
  }

  @Override
  protected Configuration conf() {
    return conf;
  }
}
