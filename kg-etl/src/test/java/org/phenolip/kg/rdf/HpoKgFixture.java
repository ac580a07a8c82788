package org.phenolip.kg.rdf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.AnatomicalSystem;
import org.phenolip.core.schema.PhenoKg;

/**
 * The real HPO release (obographs JSON, ../data/hpo) as PhenoKG phenotypes + edges, for
 * tests and the benchmark. A compact stand-in for the kg-etl ontology stage (which another
 * package owns): ids, labels, definitions, synonyms by scope, xrefs, alt ids, deprecation,
 * replacement, is_a edges, BFS depth and anatomical systems.
 */
public final class HpoKgFixture {
  private HpoKgFixture() {}

  public static final Path HPO_2024 = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
  private static final String OBO = "http://purl.obolibrary.org/obo/";

  public record Hpo(List<Row> phenotypes, List<Row> edges, Map<String, List<String>> children, Set<String> deprecated) {}

  public static Hpo read(Path file) throws IOException {
    JsonNode g;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      g = Json.MAPPER.readTree(in).path("graphs").get(0);
    }
    Map<String, List<String>> parents = new HashMap<>();
    Map<String, List<String>> children = new HashMap<>();
    List<Row> edges = new ArrayList<>();
    for (JsonNode e : g.path("edges")) {
      String sub = curie(e.path("sub").asText());
      String obj = curie(e.path("obj").asText());
      if (!e.path("pred").asText().equals("is_a") || sub == null || obj == null) continue;
      edges.add(RowFactory.create(sub, obj, "is_a"));
      parents.computeIfAbsent(sub, k -> new ArrayList<>()).add(obj);
      children.computeIfAbsent(obj, k -> new ArrayList<>()).add(sub);
    }
    Map<String, Integer> depth = bfs("HP:0000001", children);
    Map<String, List<String>> systems = new HashMap<>();
    for (AnatomicalSystem s : AnatomicalSystem.values()) {
      if (s == AnatomicalSystem.OTHER) continue;
      for (String t : bfs(s.hpoId(), children).keySet()) systems.computeIfAbsent(t, k -> new ArrayList<>()).add(s.key());
    }
    List<Row> phenotypes = new ArrayList<>();
    Set<String> deprecated = new LinkedHashSet<>();
    for (JsonNode n : g.path("nodes")) {
      String id = curie(n.path("id").asText());
      if (id == null || !id.startsWith("HP:") || !"CLASS".equals(n.path("type").asText())) continue;
      JsonNode meta = n.path("meta");
      List<Row> syns = new ArrayList<>();
      for (JsonNode s : meta.path("synonyms")) {
        String scope = switch (s.path("pred").asText()) {
          case "hasExactSynonym" -> "exact";
          case "hasRelatedSynonym" -> "related";
          case "hasBroadSynonym" -> "broad";
          case "hasNarrowSynonym" -> "narrow";
          default -> throw new IllegalStateException("synonym predicate " + s.path("pred"));
        };
        syns.add(RowFactory.create(s.path("val").asText(), scope));
      }
      List<String> xrefs = new ArrayList<>();
      meta.path("xrefs").forEach(x -> xrefs.add(x.path("val").asText()));
      List<String> alts = new ArrayList<>();
      String replacedBy = null;
      for (JsonNode b : meta.path("basicPropertyValues")) {
        String pred = b.path("pred").asText();
        if (pred.endsWith("#hasAlternativeId")) alts.add(b.path("val").asText());
        if (pred.equals(OBO + "IAO_0100001")) {
          String v = b.path("val").asText();
          replacedBy = v.startsWith("http") ? curie(v) : v;
        }
      }
      boolean obsolete = meta.path("deprecated").asBoolean(false);
      if (obsolete) deprecated.add(id);
      List<String> sys = systems.getOrDefault(id, List.of());
      phenotypes.add(RowFactory.create(id, n.path("lbl").isMissingNode() ? null : n.path("lbl").asText(),
          meta.path("definition").path("val").isMissingNode() ? null : meta.path("definition").path("val").asText(),
          syns, xrefs, parents.getOrDefault(id, List.of()), alts, obsolete, replacedBy, depth.getOrDefault(id, 0),
          sys, sys.isEmpty() ? AnatomicalSystem.OTHER.key() : sys.get(0)));
    }
    return new Hpo(phenotypes, edges, children, deprecated);
  }

  /** Writes phenotypes (partitioned by system) and edges under {@code dir}. */
  public static String write(SparkSession spark, Hpo hpo, Path dir) {
    KgFixture.write(spark, dir.toString(), PhenoKg.PHENOTYPES, hpo.phenotypes(), true);
    KgFixture.write(spark, dir.toString(), PhenoKg.EDGES, hpo.edges(), false);
    return dir.toString();
  }

  /** Shortest is_a distance from {@code root} to every descendant (root included, at 0). */
  static Map<String, Integer> bfs(String root, Map<String, List<String>> children) {
    Map<String, Integer> d = new LinkedHashMap<>();
    ArrayDeque<String> q = new ArrayDeque<>();
    d.put(root, 0);
    q.add(root);
    while (!q.isEmpty()) {
      String t = q.poll();
      for (String c : children.getOrDefault(t, List.of())) {
        if (d.putIfAbsent(c, d.get(t) + 1) == null) q.add(c);
      }
    }
    return d;
  }

  private static String curie(String iri) {
    if (!iri.startsWith(OBO)) return null;
    String local = iri.substring(OBO.length());
    int u = local.indexOf('_');
    return u < 0 ? null : local.substring(0, u) + ":" + local.substring(u + 1);
  }
}
