package org.phenolip.kg.ontology;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.kg.rdf.OwlWriter;

/** One tiny bad file per error kind: each gives an OntologyException naming term and place. */
class BadInputTest {
  @TempDir Path tmp;

  private static final String HEAD = "format-version: 1.4\n\n[Term]\nid: HP:0000001\nname: All\n\n";

  private Path write(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static String fails(Path p) {
    OntologyException e = assertThrows(OntologyException.class, () -> OntologyLoader.load(p));
    assertEquals(p.getFileName().toString(), e.file());
    assertTrue(e.getMessage().startsWith(p.getFileName() + ": "), e.getMessage());
    return e.getMessage();
  }

  private static void contains(String message, String... parts) {
    for (String part : parts) assertTrue(message.contains(part), "'" + part + "' not in: " + message);
  }

  private static String json(String nodes, String edges) {
    return "{\"graphs\":[{\"id\":\"x\",\n\"nodes\":[" + nodes + "],\n\"edges\":[" + edges + "]}]}";
  }

  private static String node(String n) {
    return "\n{\"id\":\"http://purl.obolibrary.org/obo/HP_" + n + "\",\"type\":\"CLASS\",\"lbl\":\"t" + n + "\"}";
  }

  private static String edge(String child, String parent) {
    return "\n{\"sub\":\"http://purl.obolibrary.org/obo/HP_" + child + "\",\"pred\":\"is_a\",\"obj\":\"http://purl.obolibrary.org/obo/HP_" + parent + "\"}";
  }

  @Test
  void cyclicIsAInObo() throws IOException {
    String m = fails(write("cycle.obo", HEAD
        + "[Term]\nid: HP:0000002\nname: a\nis_a: HP:0000004\n\n"
        + "[Term]\nid: HP:0000003\nname: b\nis_a: HP:0000002\n\n"
        + "[Term]\nid: HP:0000004\nname: c\nis_a: HP:0000003\n"));
    contains(m, "cyclic is_a: HP:0000002 is_a HP:0000004 is_a HP:0000003 is_a HP:0000002", "line 15: term HP:0000003");
  }

  @Test
  void selfLoopIsACycle() throws IOException {
    String m = fails(write("self.obo", HEAD + "[Term]\nid: HP:0000002\nname: a\nis_a: HP:0000002\n"));
    contains(m, "line 10", "cyclic is_a: HP:0000002 is_a HP:0000002");
  }

  @Test
  void cyclicIsAInJson() throws IOException {
    String m = fails(write("cycle.json", json(node("0000001") + "," + node("0000002"),
        edge("0000001", "0000002") + "," + edge("0000002", "0000001"))));
    contains(m, "cyclic is_a: HP:0000001 is_a HP:0000002 is_a HP:0000001", "line 7, column 1", "term HP:0000002");
  }

  @Test
  void danglingParentInObo() throws IOException {
    String m = fails(write("dangling.obo", HEAD + "[Term]\nid: HP:0000002\nname: a\nis_a: HP:0009999 ! gone\n"));
    contains(m, "dangling.obo: line 10: term HP:0000002: is_a parent HP:0009999 is not defined");
  }

  @Test
  void danglingParentInJson() throws IOException {
    String m = fails(write("dangling.json", json(node("0000001"), edge("0000001", "0009999"))));
    contains(m, "line 5, column 1 (byte offset 127)", "term HP:0000001", "is_a parent HP:0009999 is not defined");
  }

  @Test
  void danglingChildInJson() throws IOException {
    String m = fails(write("child.json", json(node("0000001"), edge("0000007", "0000001"))));
    contains(m, "term HP:0000007", "from a term that is not defined");
  }

  @Test
  void duplicateIdInObo() throws IOException {
    String m = fails(write("dup.obo", HEAD + "[Term]\nid: HP:0000001\nname: again\n"));
    contains(m, "line 8: term HP:0000001: duplicate id (first defined at line 4)");
  }

  @Test
  void duplicateIdInJson() throws IOException {
    String m = fails(write("dup.json", json(node("0000001") + "," + node("0000001"), "")));
    contains(m, "line 3", "term HP:0000001: duplicate id (first defined at line 3, column 1");
  }

  @Test
  void truncatedJson() throws IOException {
    byte[] full = gunzip(Files.readAllBytes(FormatsTest.SMALL));
    String m = fails(write("cut.json", Arrays.copyOf(full, full.length / 2)));
    contains(m, "malformed or truncated JSON", "line ");
  }

  @Test
  void malformedJson() throws IOException {
    contains(fails(write("bad.json", "{\"graphs\":[{\"nodes\":[{\"id\" 3}]}]}")), "malformed or truncated JSON", "line 1, column");
    contains(fails(write("notobo.json", "{\"foo\": 1}")), "no \"graphs\" array");
    contains(fails(write("array.json", "[1, 2]")), "unexpected START_ARRAY");
    contains(fails(write("trailing.json", json(node("0000001"), "") + " {}")), "content after the end");
  }

  @Test
  void truncatedGzip() throws IOException {
    byte[] gz = Files.readAllBytes(FormatsTest.SMALL);
    contains(fails(write("cut.json.gz", Arrays.copyOf(gz, gz.length / 2))), "truncated or corrupt gzip file");
    byte[] oboGz = gzip(HEAD.getBytes(StandardCharsets.UTF_8));
    contains(fails(write("cut.obo.gz", Arrays.copyOf(oboGz, oboGz.length - 6))), "truncated or corrupt gzip file");
  }

  @Test
  void truncatedObo() throws IOException {
    String m = fails(write("cut.obo", HEAD + "[Term]\nid: HP:0000002\nname: Abnormality of bo"));
    contains(m, "line 9: term HP:0000002: truncated file");
  }

  @Test
  void malformedObo() throws IOException {
    contains(fails(write("quote.obo", HEAD + "[Term]\nid: HP:0000002\ndef: \"never closed [x]\n")),
        "line 9: term HP:0000002: unterminated quoted text");
    contains(fails(write("scope.obo", HEAD + "[Term]\nid: HP:0000002\nsynonym: \"s\" SOMETIMES []\n")),
        "line 9", "unknown synonym scope 'SOMETIMES'");
    contains(fails(write("tag.obo", HEAD + "[Term]\nid: HP:0000002\nthis line has no tag\n")),
        "line 9", "expected 'tag: value'");
    contains(fails(write("noid.obo", HEAD + "[Term]\nname: orphan\n")), "line 8", "'name' before the stanza's id");
    contains(fails(write("idless.obo", HEAD + "[Term]\n\n[Term]\nid: HP:0000002\n")), "line 7: [Term] stanza without an id");
    contains(fails(write("badid.obo", HEAD + "[Term]\nid: HP:00002\n")), "line 8: term HP:00002: malformed HP id");
    contains(fails(write("header.obo", HEAD + "[Term\nid: HP:0000002\n")), "line 7", "stanza header without closing ']'");
    contains(fails(write("bracket.obo", HEAD + "[Term]\nid: HP:0000002\ndef: \"d\" [PMID:1\n")), "line 9", "'[' without closing ']'");
    contains(fails(write("stanzaless.obo", "format-version: 1.4\nontology: hp\n")), "no [Term] stanza");
    contains(fails(write("latin1.obo", (HEAD + "[Term]\nid: HP:0000002\nname: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1))),
        "not UTF-8");
  }

  @Test
  void emptyFiles() throws IOException {
    contains(fails(write("empty.obo", new byte[0])), "empty file");
    contains(fails(write("empty.json.gz", gzip(new byte[0]))), "empty file");
    contains(fails(write("blank.json", "  \n")), "empty JSON document");
    contains(fails(write("none.json", json("", ""))), "no HP classes");
  }

  @Test
  void truncatedOwl() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OwlWriter.write(OntologyLoader.load(SyntheticOntologyTest.FILE), out);
    byte[] owl = out.toByteArray();
    contains(fails(write("cut.owl", Arrays.copyOf(owl, owl.length / 2))), "malformed or truncated RDF/XML");
  }

  @Test
  void cyclicIsAInOwl() throws IOException {
    String owl = """
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                 xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:owl="http://www.w3.org/2002/07/owl#">
          <owl:Class rdf:about="http://purl.obolibrary.org/obo/HP_0000001">
            <rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/HP_0000002"/></owl:Class>
          <owl:Class rdf:about="http://purl.obolibrary.org/obo/HP_0000002">
            <rdfs:subClassOf rdf:resource="http://purl.obolibrary.org/obo/HP_0000001"/></owl:Class>
        </rdf:RDF>
        """;
    contains(fails(write("cycle.owl", owl)), "cyclic is_a: HP:0000001 is_a HP:0000002 is_a HP:0000001");
  }

  @Test
  void owlExternalEntityIsNotExpanded() throws IOException {
    Path secret = write("secret.txt", "TOP-SECRET-CONTENT");
    String owl = "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM \"" + secret.toUri() + "\"> ]>\n"
        + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:rdfs=\"http://www.w3.org/2000/01/rdf-schema#\""
        + " xmlns:owl=\"http://www.w3.org/2002/07/owl#\">\n"
        + "<owl:Class rdf:about=\"http://purl.obolibrary.org/obo/HP_0000001\"><rdfs:label>x&xxe;</rdfs:label></owl:Class>\n"
        + "</rdf:RDF>\n";
    Path p = write("xxe.owl", owl);
    try {
      Ontology o = OntologyLoader.load(p);
      assertFalse(o.require("HP:0000001").label().contains("TOP-SECRET"), "external entity was expanded");
    } catch (OntologyException e) {
      assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }
  }

  @Test
  void unknownFormatAndMissingFile() throws IOException {
    contains(fails(write("notes.txt", "just some words\n")), "unknown ontology format");
    contains(fails(tmp.resolve("absent.obo")), "no such file");
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] data) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }
}
