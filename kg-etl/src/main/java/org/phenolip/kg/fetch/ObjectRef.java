package org.phenolip.kg.fetch;

import java.io.Serializable;

/**
 * An object named in the metadata JSON: {@code s3://pmc-oa-opendata/PMC1.1/x.jpg?md5=…} → key
 * {@code PMC1.1/x.jpg} and its MD5. The bucket in the URI is ignored: the key is fetched from the
 * configured source (a mirror, a test server), and the query is stripped before the GET.
 */
public record ObjectRef(String key, String md5) implements Serializable {
  public static ObjectRef parse(String uri) {
    if (uri == null || uri.isBlank()) return null;
    String u = uri.strip();
    String md5 = null;
    int q = u.indexOf('?');
    if (q >= 0) {
      for (String kv : u.substring(q + 1).split("&")) {
        if (kv.startsWith("md5=")) md5 = kv.substring(4).toLowerCase(java.util.Locale.ROOT);
      }
      u = u.substring(0, q);
    }
    String key;
    int scheme = u.indexOf("://");
    if (scheme >= 0) {
      int slash = u.indexOf('/', scheme + 3);
      key = slash >= 0 ? u.substring(slash + 1) : "";
    } else {
      key = u.startsWith("/") ? u.substring(1) : u;
    }
    key = java.net.URLDecoder.decode(key.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    if (key.isEmpty()) return null;
    return new ObjectRef(key, md5 != null && md5.matches("[0-9a-f]{32}") ? md5 : null);
  }

  /** The file name (last key segment). */
  public String name() {
    int s = key.lastIndexOf('/');
    return s >= 0 ? key.substring(s + 1) : key;
  }
}
