package org.phenolip.it.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Storage;
import org.phenolip.it.PipelineOnStorage;

/**
 * kg build → stage 1 → stage 2 → eval with every job path on S3: S3Proxy (filesystem backend)
 * on 127.0.0.1, reached through hadoop-aws's S3A with path-style access and fixed test keys.
 */
@Tag("cluster")
class PipelineOnS3Test {
  static final String BUCKET = "phenolip";
  static final String KEY = "test-access";
  static final String SECRET = "test-secret";
  @TempDir static Path tmp;
  static S3Proxy proxy;
  static Map<String, String> hadoop;

  @BeforeAll
  static void start() throws Exception {
    Path blobs = Files.createDirectories(tmp.resolve("blobs"));
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", blobs.toString());
    BlobStoreContext ctx = ContextBuilder.newBuilder("filesystem").overrides(p).credentials("id", "secret")
        .build(BlobStoreContext.class);
    ctx.getBlobStore().createContainerInLocation(null, BUCKET);
    proxy = S3Proxy.builder().blobStore(ctx.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(org.gaul.s3proxy.AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) Thread.sleep(20);
    hadoop = new LinkedHashMap<>();
    hadoop.put("fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort());
    hadoop.put("fs.s3a.endpoint.region", "us-east-1");
    hadoop.put("fs.s3a.path.style.access", "true");
    hadoop.put("fs.s3a.connection.ssl.enabled", "false");
    hadoop.put("fs.s3a.access.key", KEY);
    hadoop.put("fs.s3a.secret.key", SECRET);
    hadoop.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.put("fs.s3a.change.detection.mode", "none");
    hadoop.put("fs.s3a.attempts.maximum", "2");
    hadoop.put("fs.s3a.retry.limit", "2");
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) proxy.stop();
  }

  @Test
  void atomicSmallFileWriteWithoutRename() throws Exception {
    Configuration c = new Configuration();
    hadoop.forEach(c::set);
    Storage s = new Storage(c);
    String f = "s3a://" + BUCKET + "/atomic/CURRENT";
    s.writeAtomic(f, "one");
    s.writeAtomic(f, "two");
    assertEquals("two", s.readString(f));
    assertEquals(1, s.list("s3a://" + BUCKET + "/atomic").size(), "no temporary objects left");
  }

  @Test
  void pipelineRunsOnS3() throws Exception {
    PipelineOnStorage p = new PipelineOnStorage("s3a://" + BUCKET + "/run", hadoop, Path.of("../../data"));
    try {
      p.run(tmp);
    } finally {
      p.close();
    }
  }
}
