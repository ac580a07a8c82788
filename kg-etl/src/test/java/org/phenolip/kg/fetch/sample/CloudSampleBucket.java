package org.phenolip.kg.fetch.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.phenolip.kg.fetch.Md5;
import org.phenolip.kg.pmc.Article;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.JatsReader;
import org.phenolip.kg.pmc.ParsedArticle;

/**
 * Writes the bundled sample ({@code data/sample/pmc-oa}, 10 synthetic OA packages) as a miniature
 * PMC Cloud Service bucket: per-version folders {@code PMC<id>.<v>/} with the JATS XML, a text file,
 * the metadata JSON (S3 URIs with {@code ?md5=}) and the images; a {@code metadata/} copy of every
 * JSON; daily inventory reports (manifest.json + header-less quoted CSV.gz, schema
 * {@code Bucket, Key, LastModifiedDate, ETag}). Two states, a day apart:
 *
 * <ul>
 *   <li>{@code day1} (report 2026-11-27T01-00Z): PMC9000001.1–PMC9000010.1, PMC9000011.1,
 *       PMC9000012.1, PMC9000013.1 (CC BY-NC, doi null), PMC9000014.1 (TDM, not open access).</li>
 *   <li>{@code day2} (report 2026-11-28T01-00Z; the day-1 report is still kept): <b>new</b>
 *       PMC9000001.2 (a new version, same article), <b>changed</b> PMC9000002.1 (its JSON's citation
 *       corrected), <b>retracted</b> PMC9000011.1, <b>removed</b> PMC9000012.1.</li>
 * </ul>
 * PMC9000011–14 are copies of PMC9000007–10 under new ids; PMC9000003.1 lists a supplementary CSV
 * in {@code media_urls}, which a fetch must not download. Deterministic: same input, same bytes.
 *
 * <p>Usage: {@code CloudSampleBucket data/sample/pmc-oa OUT_FOLDER day1|day2}.
 */
public final class CloudSampleBucket {
  public static final String BUCKET = "pmc-oa-opendata";
  public static final String DAY1 = "2026-11-27T01-00Z";
  public static final String DAY2 = "2026-11-28T01-00Z";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !args[2].matches("day[12]")) {
      System.err.println("usage: CloudSampleBucket PMC_OA_PACKAGES OUT day1|day2");
      System.exit(2);
    }
    int n = write(Path.of(args[0]), Path.of(args[1]), args[2].equals("day2"));
    System.out.println("wrote " + n + " objects to " + args[1]);
  }

  record Pkg(String xmlName, byte[] xml, Map<String, byte[]> images) {}

  /** One version as the bucket holds it. */
  record Version(String pmcid, int v, byte[] xml, Map<String, byte[]> images, Map<String, Object> overrides, String lastModified) {}

  /** Writes one state; returns the number of objects. */
  public static int write(Path packages, Path out, boolean day2) throws IOException {
    if (Files.exists(out)) {
      try (Stream<Path> s = Files.walk(out)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    Map<Integer, Pkg> pkgs = new TreeMap<>();
    for (int id = 9000001; id <= 9000010; id++) pkgs.put(id, readPackage(packages.resolve("PMC" + id + ".tar.gz")));

    String t1 = "2026-11-26T12:00:00.000Z", t2 = "2026-11-27T12:00:00.000Z";
    List<Version> day1 = new ArrayList<>();
    for (int id = 9000001; id <= 9000010; id++) {
      Map<String, Object> o = new LinkedHashMap<>();
      if (id == 9000002) o.put("citation", "PhenoLIP Synthetic Sample. 2024 Aug 13; 1:2");
      if (id == 9000003) o.put("supplementary", "PMC9000003-s001.csv");
      day1.add(new Version("PMC" + id, 1, pkgs.get(id).xml(), pkgs.get(id).images(), o, t1));
    }
    day1.add(copy(pkgs, 9000007, 9000011, Map.of(), t1));
    day1.add(copy(pkgs, 9000008, 9000012, Map.of(), t1));
    Map<String, Object> nc = new LinkedHashMap<>();
    nc.put("license_code", "CC BY-NC");
    nc.put("doi", null);
    day1.add(copy(pkgs, 9000009, 9000013, nc, t1));
    Map<String, Object> tdm = new LinkedHashMap<>();
    tdm.put("license_code", "TDM");
    tdm.put("is_pmc_openaccess", false);
    tdm.put("is_manuscript", true);
    day1.add(copy(pkgs, 9000010, 9000014, tdm, t1));

    List<Version> state = day1;
    if (day2) {
      state = new ArrayList<>();
      for (Version v : day1) {
        if (v.pmcid().equals("PMC9000012")) continue; // removed
        if (v.pmcid().equals("PMC9000002")) {
          Map<String, Object> o = new LinkedHashMap<>(v.overrides());
          o.put("citation", "PhenoLIP Synthetic Sample. 2024 Aug 13; 1(2):e9000002");
          v = new Version(v.pmcid(), v.v(), v.xml(), v.images(), o, t2);
        } else if (v.pmcid().equals("PMC9000011")) {
          Map<String, Object> o = new LinkedHashMap<>(v.overrides());
          o.put("is_retracted", true);
          v = new Version(v.pmcid(), v.v(), v.xml(), v.images(), o, t2);
        }
        state.add(v);
        if (v.pmcid().equals("PMC9000001")) state.add(new Version("PMC9000001", 2, v.xml(), v.images(), v.overrides(), t2));
      }
    }
    int objects = 0;
    Map<String, byte[]> jsonByKey = new TreeMap<>();
    Map<String, String> modified = new TreeMap<>();
    for (Version v : state) {
      objects += writeVersion(out, v, jsonByKey);
      modified.put("metadata/" + v.pmcid() + "." + v.v() + ".json", v.lastModified());
    }
    // inventory reports: day 1 always; day 2 holds a second report (reports are kept 30 days)
    objects += writeReport(out, DAY1, day1Index(day1), day1Modified(day1));
    if (day2) objects += writeReport(out, DAY2, jsonByKey, modified);
    Files.writeString(out.resolve("README.txt"), "A miniature copy of the PMC Cloud Service bucket (s3://pmc-oa-opendata) in its 2026 "
        + "per-version layout, holding the synthetic PhenoLIP sample. Generated by org.phenolip.kg.fetch.sample.CloudSampleBucket; "
        + "see data/sample/README.md.\n");
    return objects + 1;
  }

  /** The day-1 inventory: keys and ETags of the day-1 JSONs (recomputed, since day 2 overwrote some). */
  private static Map<String, String> day1Modified(List<Version> day1) {
    Map<String, String> m = new TreeMap<>();
    for (Version v : day1) m.put("metadata/" + v.pmcid() + "." + v.v() + ".json", v.lastModified());
    return m;
  }

  private static Map<String, byte[]> day1Index(List<Version> day1) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    for (Version v : day1) m.put("metadata/" + v.pmcid() + "." + v.v() + ".json", metadataJson(v, media(v)));
    return m;
  }

  private static Version copy(Map<Integer, Pkg> pkgs, int from, int to, Map<String, Object> overrides, String lastModified) {
    Pkg p = pkgs.get(from);
    String a = Integer.toString(from), b = Integer.toString(to);
    byte[] xml = new String(p.xml(), StandardCharsets.UTF_8).replace(a, b).getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> images = new TreeMap<>();
    p.images().forEach((k, v) -> images.put(k.replace(a, b), v));
    return new Version("PMC" + to, 1, xml, images, overrides, lastModified);
  }

  private static Pkg readPackage(Path tgz) throws IOException {
    String xmlName = null;
    byte[] xml = null;
    Map<String, byte[]> images = new TreeMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = (TarArchiveEntry) tar.getNextEntry()) != null) {
        if (!e.isFile()) continue;
        String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
        if (name.endsWith(".nxml")) { xmlName = name; xml = tar.readAllBytes(); }
        else images.put(name, tar.readAllBytes());
      }
    }
    if (xml == null) throw new IOException(tgz + ": no .nxml");
    return new Pkg(xmlName, xml, images);
  }

  /** Object name → bytes of the version's media (images; plus the supplementary CSV where set). */
  private static Map<String, byte[]> media(Version v) {
    Map<String, byte[]> m = new TreeMap<>(v.images());
    Object supp = v.overrides().get("supplementary");
    if (supp != null) {
      m.put((String) supp, ("panel,class\nA,melanoma\n").getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private static int writeVersion(Path out, Version v, Map<String, byte[]> jsonByKey) throws IOException {
    String name = v.pmcid() + "." + v.v();
    Path dir = out.resolve(name);
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".xml"), v.xml());
    Files.write(dir.resolve(name + ".txt"), text(v));
    Map<String, byte[]> media = media(v);
    for (var e : media.entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
    byte[] json = metadataJson(v, media);
    Files.write(dir.resolve(name + ".json"), json);
    Files.createDirectories(out.resolve("metadata"));
    Files.write(out.resolve("metadata").resolve(name + ".json"), json);
    jsonByKey.put("metadata/" + name + ".json", json);
    return 4 + media.size();
  }

  private static byte[] text(Version v) {
    ParsedArticle p = JatsReader.read(v.pmcid(), v.xml());
    Article a = p.article();
    StringBuilder b = new StringBuilder("==== ARTICLE INFORMATION\nPMCID: " + v.pmcid() + "\nDOI: " + a.doi() + "\nLicense: "
        + v.overrides().getOrDefault("license_code", "CC BY") + "\n=====\n\n" + a.title() + "\n\n");
    for (Figure f : p.figures()) b.append(f.label()).append(". ").append(f.caption()).append("\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] metadataJson(Version v, Map<String, byte[]> media) throws IOException {
    Article a = JatsReader.read(v.pmcid(), v.xml()).article();
    String name = v.pmcid() + "." + v.v();
    String base = "s3://" + BUCKET + "/" + name + "/";
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pmcid", v.pmcid());
    m.put("version", v.v());
    m.put("pmid", null);
    m.put("doi", a.doi());
    m.put("title", a.title());
    m.put("citation", "PhenoLIP Synthetic Sample. 2024 Aug 13; 1");
    m.put("is_pmc_openaccess", true);
    m.put("is_manuscript", false);
    m.put("is_historical_ocr", false);
    m.put("is_retracted", false);
    m.put("license_code", "CC BY");
    m.put("xml_url", base + name + ".xml?md5=" + Md5.hex(v.xml()));
    m.put("text_url", base + name + ".txt?md5=" + Md5.hex(text(v)));
    m.put("pdf_url", null);
    List<String> urls = new ArrayList<>();
    for (var e : media.entrySet()) urls.add(base + e.getKey() + "?md5=" + Md5.hex(e.getValue()));
    m.put("media_urls", urls);
    v.overrides().forEach((k, val) -> { if (!k.equals("supplementary")) m.put(k, val); });
    return (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** manifest.json (+ manifest.checksum) and two gzipped CSV data files. */
  private static int writeReport(Path out, String id, Map<String, byte[]> jsonByKey, Map<String, String> modified) throws IOException {
    String prefix = "inventory-reports/" + BUCKET + "/metadata/";
    List<String> rows = new ArrayList<>();
    for (var e : jsonByKey.entrySet()) {
      rows.add("\"" + BUCKET + "\",\"" + e.getKey() + "\",\"" + modified.getOrDefault(e.getKey(), "2026-11-26T12:00:00.000Z")
          + "\",\"" + Md5.hex(e.getValue()) + "\"\n");
    }
    List<Map<String, Object>> files = new ArrayList<>();
    int half = (rows.size() + 1) / 2;
    for (int part = 0; part < 2; part++) {
      List<String> slice = rows.subList(part == 0 ? 0 : half, part == 0 ? half : rows.size());
      byte[] gz = gzip(String.join("", slice).getBytes(StandardCharsets.UTF_8));
      String key = prefix + "data/" + UUID.nameUUIDFromBytes((id + "/" + part).getBytes(StandardCharsets.UTF_8)) + ".csv.gz";
      Path p = out.resolve(key);
      Files.createDirectories(p.getParent());
      Files.write(p, gz);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("key", key);
      f.put("size", gz.length);
      f.put("MD5checksum", Md5.hex(gz));
      files.add(f);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("sourceBucket", BUCKET);
    manifest.put("destinationBucket", "arn:aws:s3:::" + BUCKET);
    manifest.put("version", "2016-11-30");
    manifest.put("creationTimestamp", Long.toString(java.time.Instant.parse(id.substring(0, 11) + id.substring(11, 16).replace('-', ':')
        + ":00Z").toEpochMilli()));
    manifest.put("fileFormat", "CSV");
    manifest.put("fileSchema", "Bucket, Key, LastModifiedDate, ETag");
    manifest.put("files", files);
    byte[] mj = (JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    Path dir = out.resolve(prefix + id);
    Files.createDirectories(dir);
    Files.write(dir.resolve("manifest.json"), mj);
    Files.writeString(dir.resolve("manifest.checksum"), Md5.hex(mj) + "\n");
    return 4;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
      gz.write(b);
    }
    return bo.toByteArray();
  }

}
