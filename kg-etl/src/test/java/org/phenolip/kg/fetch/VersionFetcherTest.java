package org.phenolip.kg.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One version at a time from the miniature bucket into a local mirror (no Spark). */
class VersionFetcherTest {
  static final Path BUCKET = BucketClientTest.BUCKET.toAbsolutePath().normalize();
  BucketServer server;
  @TempDir Path mirror;

  @BeforeEach
  void start() throws Exception {
    server = new BucketServer(BUCKET);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  VersionFetcher fetcher(FetchStats stats) throws Exception {
    BucketClient c = new BucketClient(new HttpObjectStore(java.net.URI.create(server.url()), Duration.ofSeconds(5)), 2, 0,
        new RetryPolicy(3, 5, 50), stats);
    return new VersionFetcher(c, new Mirror(mirror.toString(), new Configuration()), Licences.DEFAULT, false);
  }

  static WorkItem item(String name) throws Exception {
    VersionKey v = VersionKey.parse(name);
    return new WorkItem(v, v.metadataKey(), Md5.hex(Files.readAllBytes(BUCKET.resolve(v.metadataKey()))), null, "new");
  }

  /** How many {@code <graphic>} elements a version's JATS has in the bucket: each names one image. */
  static int graphics(Path bucket, String version) throws Exception {
    String xml = Files.readString(bucket.resolve(version).resolve(version + ".xml"));
    return xml.split("<graphic[ >]", -1).length - 1;
  }

  @Test
  void fetchesXmlJsonAndOnlyTheReferencedImagesVerified() throws Exception {
    VersionResult r = fetcher(new FetchStats()).fetch(item("PMC9000003.1"));
    assertEquals(VersionResult.FETCHED, r.status(), r.detail());
    // each graphic in the XML is one image; the supplementary CSV and the .txt are not fetched
    int g = graphics(BUCKET, "PMC9000003.1");
    assertTrue(g >= 10, g + " graphics");
    assertEquals(0, server.requests("PMC9000003.1/PMC9000003-s001.csv"));
    assertEquals(0, server.requests("PMC9000003.1/PMC9000003.1.txt"));
    assertEquals(1 + 1 + g, r.requests(), "metadata JSON, XML, one request per image");
    assertEquals(1 + g + 1, r.files().size());
    for (VersionResult.FileEntry f : r.files()) {
      byte[] got = Files.readAllBytes(mirror.resolve("PMC9000003.1").resolve(f.name()));
      assertArrayEquals(Files.readAllBytes(BUCKET.resolve("PMC9000003.1").resolve(f.name())), got, f.name());
      assertEquals(Md5.hex(got), f.md5());
    }
    try (Stream<Path> s = Files.list(mirror.resolve("PMC9000003.1"))) {
      assertEquals(g + 2, s.count(), "no temporary or .crc files left");
    }
    // again: everything is in the mirror with the right MD5, so not one request
    server.reset();
    VersionResult again = fetcher(new FetchStats()).fetch(item("PMC9000003.1"));
    assertEquals(VersionResult.FETCHED, again.status());
    assertEquals(0, server.total());
    assertEquals(r.files(), again.files());
  }

  @Test
  void plosStyleHrefsMatchTheirImagesByBaseName() throws Exception {
    VersionResult r = fetcher(new FetchStats()).fetch(item("PMC9000009.1"));
    assertEquals(VersionResult.FETCHED, r.status(), r.detail());
    int g = graphics(BUCKET, "PMC9000009.1");
    assertTrue(g >= 10, g + " graphics");
    assertEquals(g + 2, r.files().size(), "one PNG per <graphic> matched to info:doi/... hrefs, plus XML and JSON");
    assertEquals(g, r.requests() - 2);
  }

  @Test
  void licenceOpenAccessAndRetractionDecideBeforeAnyArticleFile() throws Exception {
    FetchStats stats = new FetchStats();
    VersionFetcher f = fetcher(stats);
    VersionResult nc = f.fetch(item("PMC9000013.1"));
    assertEquals(VersionResult.SKIPPED, nc.status());
    assertEquals("licence", nc.reason());
    assertEquals("CC BY-NC", nc.license());
    VersionResult tdm = f.fetch(item("PMC9000014.1"));
    assertEquals("not-open-access", tdm.reason());
    VersionResult retracted = f.fetch(item("PMC9000011.1"));
    assertEquals(VersionResult.RETRACTED, retracted.status());
    assertTrue(retracted.retracted());
    assertEquals(3, server.total(), "one metadata JSON each, nothing else");
    assertFalse(Files.exists(mirror.resolve("PMC9000013.1")));
    assertTrue(Files.exists(mirror.resolve("metadata/PMC9000013.1.json")), "kept, so a restart reads it locally");
    assertEquals(1, stats.get("skipped:licence"));

    // with CC BY-NC allowed the skipped version is fetched, its JSON read from the mirror
    server.reset();
    BucketClient c = new BucketClient(new HttpObjectStore(java.net.URI.create(server.url()), Duration.ofSeconds(5)), 2, 0,
        RetryPolicy.DEFAULT, new FetchStats());
    VersionResult now = new VersionFetcher(c, new Mirror(mirror.toString(), new Configuration()), Licences.parse("CC BY-NC"), false)
        .fetch(item("PMC9000013.1"));
    assertEquals(VersionResult.FETCHED, now.status());
    assertEquals(0, server.requests("metadata/PMC9000013.1.json"));
  }

  @Test
  void aVersionWhoseImageKeepsFailingIsAFailureWithItsReason() throws Exception {
    server.always("PMC9000007.1/PMC9000007-g003.png", BucketServer.Fault.WRONG_BYTES);
    VersionResult r = fetcher(new FetchStats()).fetch(item("PMC9000007.1"));
    assertEquals(VersionResult.FAILED, r.status());
    assertEquals("md5-mismatch", r.reason());
    assertEquals(3, server.requests("PMC9000007.1/PMC9000007-g003.png"));
    assertFalse(Files.exists(mirror.resolve("PMC9000007.1/PMC9000007.1.json")), "no completion mark");
    assertFalse(Files.exists(mirror.resolve("PMC9000007.1/PMC9000007-g003.png")), "no bad bytes kept");
  }

  @Test
  void licenceSpecs() {
    assertTrue(Licences.DEFAULT.allows("CC BY"));
    assertTrue(Licences.DEFAULT.allows("cc  by-sa"));
    assertFalse(Licences.DEFAULT.allows("CC BY-NC"));
    assertFalse(Licences.DEFAULT.allows(null));
    assertTrue(Licences.parse("all").allows("TDM"));
    assertEquals(List.of("CC0"), List.copyOf(Licences.parse(" cc0 ").allowed()));
  }

  @Test
  void objectUrisAndGraphicKeys() throws Exception {
    ObjectRef r = ObjectRef.parse("s3://pmc-oa-opendata/PMC12855588.1/PMC12855588.1.xml?md5=9921AAAAAAAAAAAAAAAAAAAAAAAAbd6b");
    assertEquals("PMC12855588.1/PMC12855588.1.xml", r.key());
    assertEquals("9921aaaaaaaaaaaaaaaaaaaaaaaabd6b", r.md5());
    assertEquals("npr2-43-85-g001", GraphicRefs.key("NPR2-43-85-g001.jpg"));
    assertEquals("journal.pone.0001.g001", GraphicRefs.key("info:doi/10.1371/journal.pone.0001.g001"));
    byte[] xml = ("<article xmlns:xlink=\"http://www.w3.org/1999/xlink\"><body><fig><graphic xlink:href=\"a-g001\"/></fig>"
        + "<p><inline-graphic xlink:href=\"b.gif\"/></p></body></article>").getBytes();
    assertEquals(java.util.Set.of("a-g001", "b"), GraphicRefs.keys(xml));
    List<ObjectRef> media = List.of(new ObjectRef("P.1/a-g001.jpg", null), new ObjectRef("P.1/b.gif", null),
        new ObjectRef("P.1/a-g001.xlsx", null), new ObjectRef("P.1/c.jpg", null));
    assertEquals(List.of("a-g001.jpg", "b.gif"), GraphicRefs.select(media, GraphicRefs.keys(xml), false).stream().map(ObjectRef::name).toList());
    // a DTD is never read and an external entity never resolved
    assertEquals(java.util.Set.of(), GraphicRefs.keys(("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<a xmlns:xlink=\"http://www.w3.org/1999/xlink\">&x;</a>").getBytes()));
  }
}
