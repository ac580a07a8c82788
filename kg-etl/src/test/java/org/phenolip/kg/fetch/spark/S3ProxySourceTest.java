package org.phenolip.kg.fetch.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.fetch.LogState;
import org.phenolip.kg.fetch.VersionResult;

/** The miniature bucket in S3Proxy (an S3-compatible server, anonymous reads): kg fetch through its ListObjectsV2 and GETs. */
class S3ProxySourceTest {
  @TempDir Path tmp;

  @Test
  void fetchesFromAnS3CompatibleEndpointLikeFromTheFolder() throws Exception {
    BlobStoreContext ctx = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
    BlobStore store = ctx.getBlobStore();
    store.createContainerInLocation(null, "pmc-oa-opendata");
    Path root = FetchJobTest.DAY2;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String key = root.relativize(f).toString().replace('\\', '/');
        store.putBlob("pmc-oa-opendata", store.blobBuilder(key).payload(Files.readAllBytes(f)).build());
      }
    }
    S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.NONE, null, null).build();
    proxy.start();
    SparkSession spark = SparkSessions.getOrCreate("s3proxy-test", "local[2]", Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"));
    try {
      for (int i = 0; i < 100 && !proxy.getState().equals("STARTED"); i++) Thread.sleep(100);
      String source = "http://127.0.0.1:" + proxy.getPort() + "/pmc-oa-opendata";
      String mirror = tmp.resolve("mirror").toString();
      FetchJob.Result r = new FetchJob(spark).run(FetchJobTest.options(source, mirror));
      assertEquals(Map.of("fetched", 10L, "retracted", 1L, "skipped", 2L), r.outcomes());
      for (LogState st : FetchLog.latest(spark, mirror).values()) {
        if (!st.status().equals(VersionResult.FETCHED)) continue;
        Path dir = Path.of(mirror, st.pmcid() + "." + st.version());
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.toList()) {
            assertArrayEquals(Files.readAllBytes(root.resolve(dir.getFileName()).resolve(f.getFileName())), Files.readAllBytes(f), f.toString());
          }
        }
      }
      // a rerun through the same endpoint: the inventory ETags (S3Proxy's are MD5s too) say nothing changed
      FetchJob.Result again = new FetchJob(spark).run(FetchJobTest.options(source, mirror));
      assertTrue(again.changes().isEmpty());
      assertEquals(13, again.unchanged());
    } finally {
      spark.stop();
      proxy.stop();
      ctx.close();
    }
  }
}
