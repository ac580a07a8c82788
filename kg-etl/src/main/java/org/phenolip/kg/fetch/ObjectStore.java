package org.phenolip.kg.fetch;

import java.io.IOException;
import java.util.List;

/**
 * An S3-style object store, read anonymously: GET an object by key, list keys by prefix
 * (ListObjectsV2 semantics: pages, delimiter, continuation token). One attempt per call; retries,
 * the rate bound and MD5 checks are {@link BucketClient}'s job.
 */
public interface ObjectStore extends AutoCloseable {
  /** The object's bytes; {@link FetchException} with reason {@code not-found} when absent. */
  byte[] get(String key) throws IOException;

  /** One page of a listing; {@code token} is the previous page's continuation token, or null. */
  Page list(String prefix, String delimiter, String token) throws IOException;

  /** Where the objects come from, for messages (never carries credentials: there are none). */
  String describe();

  @Override
  default void close() {}

  record Listed(String key, String etag, long size, String lastModified) {}

  record Page(List<Listed> contents, List<String> commonPrefixes, String nextToken) {}

  /**
   * Opens a source: {@code s3://bucket} (anonymous HTTPS to {@code https://bucket.s3.amazonaws.com}),
   * {@code http(s)://host[:port][/bucket]} (any S3-compatible endpoint answering GET /key and
   * ListObjectsV2), or {@code file:///folder} / a plain path in the same layout.
   */
  static ObjectStore open(String source, java.time.Duration requestTimeout) {
    String s = source.strip();
    if (s.startsWith("s3://") || s.startsWith("s3a://")) {
      String bucket = s.substring(s.indexOf("://") + 3).replaceAll("/+$", "");
      if (bucket.isEmpty() || bucket.contains("/")) throw new IllegalArgumentException("--source s3://BUCKET expected, got " + source);
      return new HttpObjectStore(java.net.URI.create("https://" + bucket + ".s3.amazonaws.com"), requestTimeout);
    }
    if (s.startsWith("http://") || s.startsWith("https://")) {
      java.net.URI u = java.net.URI.create(s);
      if (u.getUserInfo() != null) throw new IllegalArgumentException("--source must not carry credentials: anonymous access only");
      return new HttpObjectStore(u, requestTimeout);
    }
    java.nio.file.Path root = s.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(s)) : java.nio.file.Path.of(s);
    return new FileObjectStore(root);
  }
}
