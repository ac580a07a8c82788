package org.phenolip.core.io;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible server on 127.0.0.1 for tests: S3Proxy over jclouds' in-memory ("transient")
 * blob store, one bucket, reached through Hadoop's S3A with path-style requests and signed
 * (AWS V4) credentials, as a private bucket on MinIO or Ceph would be.
 */
public final class S3TestServer implements AutoCloseable {
  static final String KEY = "phenolip-test";
  static final String SECRET = "phenolip-test-secret";

  private final BlobStoreContext blobs;
  private final S3Proxy proxy;
  private final String bucket;

  public S3TestServer(String bucket) throws Exception {
    this.bucket = bucket;
    blobs = ContextBuilder.newBuilder("transient").credentials(KEY, SECRET).build(BlobStoreContext.class);
    blobs.getBlobStore().createContainerInLocation(null, bucket);
    proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).build();
    proxy.start();
    for (int i = 0; i < 200 && !proxy.getState().equals("STARTED"); i++) Thread.sleep(50);
    if (!proxy.getState().equals("STARTED")) throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
  }

  /** {@code s3a://bucket} */
  public String root() {
    return "s3a://" + bucket;
  }

  /** The S3A settings that reach this server (what a user puts in core-site.xml, or passes as --conf spark.hadoop.KEY=VALUE). */
  public java.util.Map<String, String> settings() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort());
    m.put("fs.s3a.endpoint.region", "us-east-1");
    m.put("fs.s3a.path.style.access", "true");
    m.put("fs.s3a.connection.ssl.enabled", "false");
    m.put("fs.s3a.access.key", KEY);
    m.put("fs.s3a.secret.key", SECRET);
    m.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    m.put("fs.s3a.bucket.probe", "0");
    m.put("fs.s3a.attempts.maximum", "2");
    m.put("fs.s3a.retry.limit", "2");
    return m;
  }

  /** {@link #settings()} as a Hadoop configuration. */
  public Configuration conf() {
    Configuration c = new Configuration();
    settings().forEach(c::set);
    return c;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    blobs.close();
  }
}
