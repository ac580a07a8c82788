package org.phenolip.kg.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The bucket's daily S3 Inventory of {@code metadata/}: {@code inventory-reports/<bucket>/metadata/
 * <YYYY-MM-DDTHH-MMZ>/manifest.json} naming gzipped, header-less, fully quoted CSV files whose
 * columns the manifest's {@code fileSchema} gives (live: {@code Bucket, Key, LastModifiedDate, ETag};
 * parsed by name, not position). Each data file is checked against the manifest's MD5.
 */
public final class Inventory {
  private Inventory() {}

  public static final String ROOT = "inventory-reports/";

  /** One metadata object as the inventory lists it. */
  public record Entry(String key, String etag, String lastModified) implements Serializable {}

  /** A report: its folder (timestamp), and its entries. */
  public record Report(String id, String manifestKey, List<Entry> entries) {}

  /** Report folders (prefixes ending in a timestamp), oldest first. */
  public static List<String> reports(BucketClient client) throws IOException {
    List<String> out = new ArrayList<>();
    for (String bucket : client.listLevel(ROOT).commonPrefixes()) {
      for (String p : client.listLevel(bucket + "metadata/").commonPrefixes()) {
        String name = p.substring(0, p.length() - 1);
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}Z")) out.add(p);
      }
    }
    out.sort((a, b) -> id(a).compareTo(id(b)));
    return out;
  }

  static String id(String prefix) {
    String s = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return s.substring(s.lastIndexOf('/') + 1);
  }

  /** {@code latest}, or a report id ({@code 2026-11-28T01-00Z}) or its date ({@code 2026-11-28}). */
  public static Report load(BucketClient client, String which) throws IOException {
    List<String> all = reports(client);
    if (all.isEmpty()) throw new IOException("no inventory report under " + ROOT + " in " + client.describe());
    String chosen = null;
    if (which == null || which.equalsIgnoreCase("latest")) {
      chosen = all.get(all.size() - 1);
    } else {
      for (String p : all) if (id(p).equals(which) || id(p).startsWith(which + "T")) chosen = p;
    }
    if (chosen == null) {
      throw new IOException("no inventory report " + which + "; available: " + all.stream().map(Inventory::id).toList());
    }
    String manifestKey = chosen + "manifest.json";
    return new Report(id(chosen), manifestKey, readManifest(client, client.get(manifestKey, null)));
  }

  static List<Entry> readManifest(BucketClient client, byte[] manifestJson) throws IOException {
    JsonNode m = new ObjectMapper().readTree(manifestJson);
    String schema = m.path("fileSchema").asText("");
    if (schema.isBlank()) throw new IOException("inventory manifest has no fileSchema");
    String format = m.path("fileFormat").asText("CSV");
    if (!format.equalsIgnoreCase("CSV")) throw new IOException("inventory fileFormat " + format + " not supported (CSV only)");
    List<String> cols = new ArrayList<>();
    for (String c : schema.split(",")) cols.add(c.strip().toLowerCase(Locale.ROOT));
    int key = cols.indexOf("key"), etag = cols.indexOf("etag"), mod = cols.indexOf("lastmodifieddate");
    if (key < 0 || etag < 0) throw new IOException("inventory fileSchema lacks Key or ETag: " + schema);
    List<Entry> out = new ArrayList<>();
    for (JsonNode f : m.path("files")) {
      String md5 = f.path("MD5checksum").asText(null);
      byte[] gz = client.get(f.path("key").asText(), md5 == null ? null : md5.toLowerCase(Locale.ROOT));
      for (List<String> row : csv(gunzip(gz))) {
        if (row.size() != cols.size()) throw new IOException("inventory row with " + row.size() + " fields, schema has " + cols.size());
        out.add(new Entry(decodeKey(row.get(key)), Md5.normalizeEtag(row.get(etag)), mod >= 0 ? row.get(mod) : null));
      }
    }
    return out;
  }

  /** S3 Inventory URL-encodes keys in CSV; PMC keys need no decoding, but '%xx' is honoured. */
  static String decodeKey(String k) {
    return k.indexOf('%') >= 0 ? java.net.URLDecoder.decode(k.replace("+", "%2B"), StandardCharsets.UTF_8) : k;
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); no header. */
  static List<List<String>> csv(byte[] bytes) throws IOException {
    String s = new String(bytes, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false, any = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') { f.append('"'); i++; }
          else quoted = false;
        } else f.append(c);
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        row.add(f.toString()); f.setLength(0); any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
        if (any || f.length() > 0) { row.add(f.toString()); rows.add(row); }
        row = new ArrayList<>(); f.setLength(0); any = false;
      } else {
        f.append(c); any = true;
      }
    }
    if (quoted) throw new IOException("inventory CSV ends inside a quoted field");
    if (any || f.length() > 0) { row.add(f.toString()); rows.add(row); }
    return rows;
  }
}
