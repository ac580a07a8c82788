package org.phenolip.kg.ontology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phenolip.core.io.Json;

/**
 * obographs JSON ({@code hp.json}). Streams the document and materialises one node or edge at a
 * time, so each term keeps its line and offset for error messages. Reads every graph of the
 * file; keeps CLASS nodes with HP ids and is_a edges between them.
 */
final class ObographsReader {
  private static final String OIO = "http://www.geneontology.org/formats/oboInOwl#";
  private static final String REPLACED_BY = "http://purl.obolibrary.org/obo/IAO_0100001";

  private final String file;
  private final Map<String, TermDraft> terms = new LinkedHashMap<>();
  private final List<TermDraft> duplicates = new ArrayList<>();
  private final List<String[]> edges = new ArrayList<>(); // child, parent, where
  private String version;

  private ObographsReader(String file) {
    this.file = file;
  }

  static ParsedOntology read(String file, InputStream in) throws IOException {
    return new ObographsReader(file).parse(in);
  }

  private ParsedOntology parse(InputStream in) throws IOException {
    try (JsonParser p = Json.MAPPER.createParser(in)) {
      try {
        document(p);
      } catch (JsonProcessingException e) {
        throw new OntologyException(file, where(e.getLocation()), null,
            "malformed or truncated JSON: " + e.getOriginalMessage(), e);
      }
    }
    for (String[] e : edges) {
      TermDraft child = terms.get(e[0]);
      if (child == null) {
        throw new OntologyException(file, e[2], e[0], "is_a edge to " + e[1] + " from a term that is not defined in the file");
      }
      child.addParent(e[1], e[2]);
    }
    List<TermDraft> all = new ArrayList<>(terms.values());
    all.addAll(duplicates); // Ontology.build reports them with both locations
    return new ParsedOntology(version, all);
  }

  private void document(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) throw new OntologyException(file, null, null, "empty JSON document");
    expect(p, t, JsonToken.START_OBJECT, "an obographs document {\"graphs\": [...]}");
    boolean graphs = false;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      if (name.equals("graphs")) {
        expect(p, t, JsonToken.START_ARRAY, "an array of graphs");
        graphs = true;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) graph(p);
        expect(p, t, JsonToken.END_ARRAY, "a graph object");
      } else {
        p.skipChildren();
      }
    }
    expect(p, t, JsonToken.END_OBJECT, "a field name");
    if (p.nextToken() != null) {
      throw new OntologyException(file, where(p.currentTokenLocation()), null, "content after the end of the JSON document");
    }
    if (!graphs) throw new OntologyException(file, null, null, "not an obographs document: no \"graphs\" array");
  }

  private void graph(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      switch (name) {
        case "meta" -> {
          JsonNode meta = p.readValueAsTree();
          if (version == null && meta != null && meta.hasNonNull("version")) version = meta.get("version").asText();
        }
        case "nodes" -> {
          expect(p, t, JsonToken.START_ARRAY, "an array of nodes");
          while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String where = where(p.currentTokenLocation());
            node(p.readValueAsTree(), where);
          }
          expect(p, t, JsonToken.END_ARRAY, "a node object");
        }
        case "edges" -> {
          expect(p, t, JsonToken.START_ARRAY, "an array of edges");
          while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String where = where(p.currentTokenLocation());
            edge(p.readValueAsTree(), where);
          }
          expect(p, t, JsonToken.END_ARRAY, "an edge object");
        }
        default -> p.skipChildren();
      }
    }
    expect(p, t, JsonToken.END_OBJECT, "a field name");
  }

  private void node(JsonNode n, String where) {
    String iri = text(n, "id");
    if (iri == null) throw new OntologyException(file, where, null, "node without an \"id\"");
    if (!"CLASS".equals(text(n, "type"))) return;
    String id = HpoIds.curieOfIri(iri);
    if (!HpoIds.isHpo(id)) return;
    TermDraft d = new TermDraft(id, where);
    d.label = text(n, "lbl");
    JsonNode meta = n.path("meta");
    d.definition = text(meta.path("definition"), "val");
    for (JsonNode s : meta.path("synonyms")) {
      String pred = text(s, "pred");
      String val = text(s, "val");
      Synonym.Scope scope = pred == null ? null : Synonym.Scope.parse(
          stripPrefix(pred).replaceFirst("^has", "").replaceFirst("Synonym$", ""));
      if (scope == null || val == null) {
        throw new OntologyException(file, where, id, "synonym with predicate " + pred + " and value " + val
            + " (expected hasExactSynonym/hasRelatedSynonym/hasBroadSynonym/hasNarrowSynonym with a value)");
      }
      d.synonyms.add(new Synonym(val, scope));
    }
    for (JsonNode x : meta.path("xrefs")) {
      String val = text(x, "val");
      if (val != null) d.xrefs.add(val);
    }
    for (JsonNode b : meta.path("basicPropertyValues")) {
      String pred = text(b, "pred");
      String val = text(b, "val");
      if (pred == null || val == null) continue;
      if (pred.equals(OIO + "hasAlternativeId")) d.altIds.add(HpoIds.curieOfIri(val));
      else if (pred.equals(REPLACED_BY)) d.replacedBy.add(HpoIds.curieOfIri(val));
      else if (pred.equals(OIO + "consider")) d.consider.add(HpoIds.curieOfIri(val));
    }
    d.obsolete = meta.path("deprecated").asBoolean(false);
    TermDraft first = terms.putIfAbsent(id, d);
    if (first != null) duplicates.add(d);
  }

  private void edge(JsonNode e, String where) {
    String pred = text(e, "pred");
    if (!"is_a".equals(pred) && !"http://www.w3.org/2000/01/rdf-schema#subClassOf".equals(pred)) return;
    String sub = text(e, "sub");
    String obj = text(e, "obj");
    if (sub == null || obj == null) throw new OntologyException(file, where, null, "is_a edge without \"sub\" or \"obj\"");
    String child = HpoIds.curieOfIri(sub);
    String parent = HpoIds.curieOfIri(obj);
    if (HpoIds.isHpo(child) && HpoIds.isHpo(parent)) edges.add(new String[] {child, parent, where});
  }

  private static String stripPrefix(String pred) {
    int i = Math.max(pred.lastIndexOf('#'), pred.lastIndexOf('/'));
    return i >= 0 ? pred.substring(i + 1) : pred;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private void expect(JsonParser p, JsonToken got, JsonToken want, String what) {
    if (got != want) {
      throw new OntologyException(file, where(p.currentTokenLocation()), null,
          got == null ? "truncated JSON: input ends where " + what + " was expected"
              : "unexpected " + got + " where " + what + " was expected");
    }
  }

  static String where(JsonLocation loc) {
    if (loc == null) return null;
    String off = loc.getCharOffset() >= 0 ? " (char offset " + loc.getCharOffset() + ")"
        : loc.getByteOffset() >= 0 ? " (byte offset " + loc.getByteOffset() + ")" : "";
    return "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + off;
  }
}
