package org.phenolip.it.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Storage;
import org.phenolip.it.PipelineOnStorage;

/** kg build → stage 1 → stage 2 → eval with every job path on HDFS (a MiniDFSCluster in this JVM). */
@Tag("cluster")
class PipelineOnHdfsTest {
  @TempDir static Path tmp;
  static MiniDFSCluster dfs;
  static String uri;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    uri = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
  }

  @AfterAll
  static void stop() {
    if (dfs != null) dfs.shutdown();
  }

  @Test
  void atomicSmallFileWriteRenamesOverAnExistingFile() throws Exception {
    Storage s = new Storage(dfs.getConfiguration(0));
    String f = uri + "/atomic/CURRENT";
    s.writeAtomic(f, "one");
    s.writeAtomic(f, "two"); // HDFS's plain rename fails onto an existing file
    assertEquals("two", s.readString(f));
    FileSystem fs = FileSystem.get(java.net.URI.create(uri), dfs.getConfiguration(0));
    assertEquals(1, fs.listStatus(new org.apache.hadoop.fs.Path(uri + "/atomic")).length);
  }

  @Test
  void pipelineRunsOnHdfs() throws Exception {
    PipelineOnStorage p = new PipelineOnStorage(uri + "/phenolip", Map.of(), Path.of("../../data"));
    try {
      p.run(tmp);
      assertFalse(Storage.of(p.spark()).qualify(uri + "/phenolip/kg").startsWith("file:"));
    } finally {
      p.close();
    }
  }
}
