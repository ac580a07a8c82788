package org.phenolip.core.io;

import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on HDFS: a one-datanode MiniDFSCluster in the test JVM. */
class HdfsStorageContractTest extends StorageContract {
  static MiniDFSCluster cluster;
  static Configuration conf;

  @BeforeAll
  static void start() throws Exception {
    conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Files.createTempDirectory("minidfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    conf = cluster.getConfiguration(0);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.shutdown(true);
  }

  @Override
  protected String root() throws Exception {
    return cluster.getFileSystem().getUri() + "/c-" + UUID.randomUUID();
  }

  @Override
  protected Configuration conf() {
    return conf;
  }

  @Override
  protected String resolve(String dir) throws Exception {
    org.apache.hadoop.fs.Path c = new AtomicPublish(dir, conf).current();
    return c == null ? dir : c.toString();
  }
}
