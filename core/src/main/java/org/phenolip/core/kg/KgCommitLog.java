package org.phenolip.core.kg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;

/**
 * The versions of a Delta PhenoKG: {@code KG/_commits/NNNNNNNNNN.json}, one per build, each the
 * build's manifest plus the Delta version of every table it wrote ({@code table_versions}).
 * Delta commits each table atomically; this log makes a build atomic across tables: readers open
 * each table at the version its last KG commit names, so the tables of a killed build (Delta
 * commits without a KG commit) are never read, on local disk, HDFS or S3 alike.
 */
public final class KgCommitLog {
  public static final String DIR = "_commits";
  public static final String KG_VERSION = "kgVersion";
  public static final String TABLE_VERSIONS = "tableVersions";
  private static final Pattern FILE = Pattern.compile("(\\d{10})\\.json");

  private final Storage storage;
  private final String root;

  public KgCommitLog(Storage storage, String root) {
    this.storage = storage;
    this.root = root;
  }

  /** Whether {@code root} holds a Delta PhenoKG (at least one KG commit). */
  public boolean exists() throws IOException {
    return !versions().isEmpty();
  }

  /** The KG versions committed, oldest first. */
  public List<Long> versions() throws IOException {
    String dir = Storage.child(root, DIR);
    List<Long> out = new ArrayList<>();
    if (!storage.exists(dir)) return out;
    for (String p : storage.list(dir)) {
      Matcher m = FILE.matcher(p.substring(p.lastIndexOf('/') + 1));
      if (m.matches()) out.add(Long.parseLong(m.group(1)));
    }
    out.sort(null);
    return out;
  }

  /** The latest KG version, or null when nothing was committed. */
  public Long latest() throws IOException {
    List<Long> v = versions();
    return v.isEmpty() ? null : v.get(v.size() - 1);
  }

  /** The commit of {@code version}: a manifest with {@value #KG_VERSION} and {@value #TABLE_VERSIONS}. */
  public JsonNode read(long version) throws IOException {
    return Json.MAPPER.readTree(storage.readString(file(version)));
  }

  /** The Delta version of each table in {@code commit}. */
  public static Map<String, Long> tableVersions(JsonNode commit) {
    Map<String, Long> out = new TreeMap<>();
    commit.path(TABLE_VERSIONS).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  /**
   * Records {@code manifest} as KG version {@code version}; the caller holds the KG's publish lock.
   * The root's {@code manifest.json} then gets the same text, for people and outside tools.
   */
  public void commit(long version, ObjectNode manifest) throws IOException {
    String f = file(version);
    if (storage.exists(f)) throw new IOException("KG version " + version + " of " + root + " is already committed");
    String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
    storage.writeAtomic(f, text);
    storage.writeAtomic(Storage.child(root, org.phenolip.core.schema.PhenoKg.MANIFEST), text);
  }

  private String file(long version) {
    return file(root, version);
  }

  /** The commit file of KG version {@code version} under the KG folder {@code kg} (the one place that names it). */
  public static String file(String kg, long version) {
    return Storage.child(Storage.child(kg, DIR), String.format("%010d.json", version));
  }
}
