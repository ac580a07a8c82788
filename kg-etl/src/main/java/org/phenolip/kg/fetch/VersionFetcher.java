package org.phenolip.kg.fetch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Fetches versions into the {@link Mirror}: the metadata JSON, then (open access, allowed licence,
 * not retracted) the JATS XML and the images its graphics reference, each checked against its MD5.
 * A file the mirror already holds with the right MD5 is not requested again (so a run killed at
 * any point and restarted fetches nothing twice), and a version's folder JSON is written last.
 * Versions run in parallel on {@code threads} threads; the {@link BucketClient} bounds the requests.
 */
public final class VersionFetcher {
  private final BucketClient client;
  private final Mirror mirror;
  private final Licences licences;
  private final boolean supplementary;

  public VersionFetcher(BucketClient client, Mirror mirror, Licences licences, boolean supplementary) {
    this.client = client;
    this.mirror = mirror;
    this.licences = licences;
    this.supplementary = supplementary;
  }

  /** Fetches every item with {@code threads} in parallel; results in input order. */
  public List<VersionResult> fetchAll(List<WorkItem> items, int threads, Consumer<VersionResult> done) {
    if (items.isEmpty()) return List.of();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())), r -> {
      Thread t = new Thread(r, "kg-fetch");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<VersionResult>> fs = new ArrayList<>();
      for (WorkItem w : items) {
        fs.add(pool.submit(() -> {
          VersionResult r = fetch(w);
          if (done != null) done.accept(r);
          return r;
        }));
      }
      List<VersionResult> out = new ArrayList<>();
      for (Future<VersionResult> f : fs) out.add(f.get());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("fetch interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("fetch worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One version; never throws for a request failure: it becomes a {@code failed} result. */
  public VersionResult fetch(WorkItem w) {
    VersionKey v = w.version();
    Counter c = new Counter();
    List<VersionResult.FileEntry> files = new ArrayList<>();
    ArticleMetadata meta = null;
    String stage = "metadata";
    try {
      String metaCopy = Mirror.METADATA + "/" + v.jsonName();
      String etagMd5 = Md5.isMd5(w.etag()) ? Md5.normalizeEtag(w.etag()) : null;
      byte[] json = mirror.read(metaCopy);
      if (json == null || etagMd5 == null || !Md5.hex(json).equals(etagMd5)) {
        json = c.get(w.key(), etagMd5);
        mirror.write(metaCopy, json);
      }
      try {
        meta = ArticleMetadata.parse(json);
      } catch (IOException e) {
        return result(w, VersionResult.FAILED, "metadata-unreadable", e.getMessage(), null, false, files, c);
      }
      if (meta.retracted()) return result(w, VersionResult.RETRACTED, null, null, meta.licenseCode(), true, files, c);
      if (!meta.openAccess()) return result(w, VersionResult.SKIPPED, "not-open-access", null, meta.licenseCode(), false, files, c);
      if (!licences.allows(meta.licenseCode())) {
        return result(w, VersionResult.SKIPPED, "licence", meta.licenseCode(), meta.licenseCode(), false, files, c);
      }
      stage = "xml";
      ObjectRef xmlRef = meta.xml() != null ? meta.xml() : new ObjectRef(v.prefix() + v.xmlName(), null);
      byte[] xml = file(v, xmlRef, v.xmlName(), files, c);
      Set<String> keys;
      try {
        keys = GraphicRefs.keys(xml);
      } catch (javax.xml.stream.XMLStreamException e) {
        keys = Set.of(); // kg build rejects the XML with its reason; there is nothing to match images to
      }
      stage = "media";
      for (ObjectRef m : GraphicRefs.select(meta.media(), keys, supplementary)) file(v, m, m.name(), files, c);
      String folderJson = v.prefix() + v.jsonName();
      if (!Md5.hex(json).equals(mirror.md5(folderJson))) mirror.write(folderJson, json);
      files.add(new VersionResult.FileEntry(v.jsonName(), Md5.hex(json), json.length));
      return result(w, VersionResult.FETCHED, null, null, meta.licenseCode(), false, files, c);
    } catch (FetchException e) {
      return result(w, VersionResult.FAILED, e.reason(), stage + ": " + e.getMessage(), meta == null ? null : meta.licenseCode(), false,
          files, c);
    } catch (IOException e) {
      return result(w, VersionResult.FAILED, "mirror-io", stage + ": " + e, meta == null ? null : meta.licenseCode(), false, files, c);
    }
  }

  /** A file of the version: reused from the mirror when its MD5 matches, else fetched and written. */
  private byte[] file(VersionKey v, ObjectRef ref, String name, List<VersionResult.FileEntry> files, Counter c) throws IOException {
    String rel = v.prefix() + name;
    byte[] have = mirror.read(rel);
    byte[] b;
    if (have != null && (ref.md5() == null || Md5.hex(have).equals(ref.md5()))) {
      b = have;
    } else {
      b = c.get(ref.key(), ref.md5());
      mirror.write(rel, b);
    }
    files.add(new VersionResult.FileEntry(name, Md5.hex(b), b.length));
    return b;
  }

  private VersionResult result(WorkItem w, String status, String reason, String detail, String license, boolean retracted,
      List<VersionResult.FileEntry> files, Counter c) {
    FetchStats s = client.stats();
    s.count("versions_" + status);
    if (reason != null) s.count(status + ":" + reason);
    return new VersionResult(w.key(), w.version().pmcid(), w.version().version(), w.etag(), w.lastModified(), status, reason,
        detail, license, retracted, status.equals(VersionResult.FETCHED) ? files : List.of(), c.bytes, c.attempts.get());
  }

  /** Requests and bytes of one version (the client's stats count the whole task). */
  private final class Counter {
    final java.util.concurrent.atomic.AtomicLong attempts = new java.util.concurrent.atomic.AtomicLong();
    long bytes;

    byte[] get(String key, String md5) throws IOException {
      byte[] b = client.get(key, md5, attempts);
      bytes += b.length;
      return b;
    }
  }
}
