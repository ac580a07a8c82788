package org.phenolip.kg.fetch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** MD5 as lower-case hex: what the metadata JSON's {@code ?md5=} and a single-part S3 ETag carry. */
public final class Md5 {
  private Md5() {}

  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when {@code etag} (quotes stripped) is a plain MD5, i.e. not a multipart ETag ("…-3"). */
  public static boolean isMd5(String etag) {
    return etag != null && normalizeEtag(etag).matches("[0-9a-f]{32}");
  }

  public static String normalizeEtag(String etag) {
    if (etag == null) return null;
    String e = etag.strip();
    if (e.startsWith("W/")) e = e.substring(2);
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) e = e.substring(1, e.length() - 1);
    return e.toLowerCase(Locale.ROOT);
  }
}
