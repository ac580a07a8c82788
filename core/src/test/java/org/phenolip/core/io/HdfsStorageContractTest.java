package org.phenolip.core.io;

import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on HDFS: a one-datanode MiniDFSCluster in the test JVM (core/pom.xml's hdfs-contract execution). */
class HdfsStorageContractTest extends StorageContract {
  static MiniDFSCluster cluster;
  static Configuration conf;

  @BeforeAll
  static void start() throws Exception {
    // Only in the pom's hdfs-contract execution: Spark's shaded hadoop-client-api shadows HttpServer2
    // with a copy that needs the relocated Jetty, and MiniDFSCluster cannot start on it.
    var src = org.apache.hadoop.http.HttpServer2.class.getProtectionDomain().getCodeSource();
    org.junit.jupiter.api.Assumptions.assumeFalse(
        src != null && src.getLocation().toString().contains("hadoop-client-api"),
        "shaded Hadoop client on the classpath: runs in the hdfs-contract execution");
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
}
