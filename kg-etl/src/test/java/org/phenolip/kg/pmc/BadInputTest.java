package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per record-level reject reason: a reject row, never an exception, never leaked content. */
class BadInputTest {
  static final Path FIXTURES = JatsReaderTest.FIXTURES;

  static Reject onlyReject(ParsedArticle p) {
    assertTrue(p.isRejected(), "expected a rejected document");
    assertTrue(p.figures().isEmpty());
    assertEquals(1, p.rejects().size(), p.rejects()::toString);
    Reject r = p.rejects().get(0);
    assertEquals(Reject.STAGE, r.stage());
    assertTrue(r.reasonEnum().dropsRecord());
    assertNotNull(r.detail());
    return r;
  }

  static ParsedArticle readFixture(String name) {
    return PmcReader.read(FIXTURES.resolve(name));
  }

  @Test
  void xxeIsRejectedWithoutReadingTheFile() throws Exception {
    ParsedArticle p = readFixture("xxe.xml");
    Reject r = onlyReject(p);
    assertEquals("xml-doctype-entities", r.reason());
    assertTrue(r.source().endsWith("xxe.xml"));
    String passwdLine = Files.readAllLines(Path.of("/etc/passwd")).get(0);
    assertFalse(r.toString().contains(passwdLine), "no file content may leak into the reject");
    assertFalse(r.toString().contains("root:"));
  }

  @Test
  void billionLaughsIsRejectedBeforeExpansion() {
    long t0 = System.nanoTime();
    Reject r = onlyReject(readFixture("billion-laughs.xml"));
    assertEquals("xml-doctype-entities", r.reason());
    assertTrue(r.detail().length() < 200, "nothing expanded into the detail");
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "rejected without expanding 10^9 entities");
  }

  @Test
  void externalDtdIsNeverLoaded(@TempDir Path tmp) throws Exception {
    Path dtd = tmp.resolve("secret.dtd");
    Files.writeString(dtd, "<!ENTITY secret \"LEAKED-FROM-DTD\">");
    String xml = Files.readString(FIXTURES.resolve("external-dtd-entity.xml")).replace("DTD_URL_PLACEHOLDER", dtd.toUri().toString());
    ParsedArticle p = JatsReader.read("ext.xml", xml.getBytes(StandardCharsets.UTF_8));
    // the entity stays an unexpanded reference: the DTD that declares it was not read
    assertFalse(p.isRejected(), p.rejects()::toString);
    assertEquals("Title &secret; end", p.article().title());
  }

  @Test
  void truncatedXml() {
    Reject r = onlyReject(readFixture("truncated.nxml"));
    assertEquals("xml-malformed", r.reason());
    assertTrue(r.detail().matches("line \\d+:\\d+: .+"), r.detail());
  }

  @Test
  void illFormedXmlGivesLineAndColumn() {
    byte[] xml = "<article>\n<front><title>x</front>\n</article>".getBytes(StandardCharsets.UTF_8);
    Reject r = onlyReject(JatsReader.read("bad.xml", xml));
    assertEquals("xml-malformed", r.reason());
    assertTrue(r.detail().startsWith("line 2:"), r.detail());
  }

  @Test
  void badUtf8Bytes() {
    Reject r = onlyReject(readFixture("bad-utf8.xml"));
    assertEquals("bad-encoding", r.reason());
    assertTrue(r.detail().startsWith("line 2:"), r.detail());
    assertTrue(r.detail().contains("0xE9"), r.detail());
  }

  @Test
  void badUtf8PrintsNothingToStderr() {
    var err = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured));
    try {
      readFixture("bad-utf8.xml");
    } finally {
      System.setErr(err);
    }
    assertEquals("", captured.toString());
  }

  @Test
  void unknownEncoding() {
    Reject r = onlyReject(readFixture("unknown-encoding.xml"));
    assertEquals("bad-encoding", r.reason());
    assertTrue(r.detail().contains("X-NO-SUCH-CHARSET"), r.detail());
  }

  @Test
  void utf8Validation() {
    assertNull(EncodingCheck.utf8("héllo λ 😀".getBytes(StandardCharsets.UTF_8), 0));
    assertNotNull(EncodingCheck.utf8(new byte[] {'a', (byte) 0xC0, (byte) 0x80}, 0), "overlong NUL");
    assertNotNull(EncodingCheck.utf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0), "surrogate");
    assertNotNull(EncodingCheck.utf8(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0), "> U+10FFFF");
    assertNotNull(EncodingCheck.utf8(new byte[] {'a', (byte) 0xE2, (byte) 0x82}, 0), "truncated at the end");
  }

  @Test
  void notJats() {
    Reject r = onlyReject(readFixture("not-jats.xml"));
    assertEquals("not-jats", r.reason());
    assertTrue(r.detail().contains("pmc-articleset"), r.detail());
  }

  @Test
  void emptyAndBlankFiles() {
    assertEquals("empty-file", onlyReject(readFixture("empty.nxml")).reason());
    assertEquals("empty-file", onlyReject(readFixture("blank.xml")).reason());
    assertEquals("empty-file", onlyReject(PmcReader.read(new SourceDocument("x.tar.gz", SourceDocument.Kind.PACKAGE, new byte[0]))).reason());
  }

  @Test
  void corruptPackages() throws Exception {
    assertEquals("package-corrupt", onlyReject(PmcReader.read(SourceDocument.of("junk.tar.gz",
        "this is not gzip".getBytes(StandardCharsets.UTF_8)))).reason());
    byte[] good = OaPackages.tarGz(List.of(new OaPackages.Entry("PMC1/a.nxml",
        Files.readAllBytes(FIXTURES.resolve("quirks.nxml")))));
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    Reject r = onlyReject(PmcReader.read(SourceDocument.of("cut.tgz", cut)));
    assertEquals("package-corrupt", r.reason());
    assertEquals("cut.tgz", r.source());
  }

  @Test
  void packageWithoutArticle() throws Exception {
    byte[] pkg = OaPackages.tarGz(List.of(new OaPackages.Entry("PMC1/fig1.jpg", new byte[] {1, 2, 3})));
    Reject r = onlyReject(PmcReader.read(SourceDocument.of("noarticle.tar.gz", pkg)));
    assertEquals("package-no-article", r.reason());
  }

  @Test
  void unreadableFile(@TempDir Path tmp) {
    Reject r = onlyReject(PmcReader.read(tmp.resolve("vanished.nxml")));
    assertEquals("io-error", r.reason());
  }

  @Test
  void everyReasonHasADistinctCode() {
    var codes = java.util.Arrays.stream(RejectReason.values()).map(RejectReason::code).toList();
    assertEquals(codes.size(), new java.util.HashSet<>(codes).size());
    for (RejectReason r : RejectReason.values()) assertEquals(r, RejectReason.byCode(r.code()).orElseThrow());
  }
}
