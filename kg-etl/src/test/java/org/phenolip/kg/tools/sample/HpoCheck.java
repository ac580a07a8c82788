package org.phenolip.kg.tools.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.AnatomicalSystem;

/**
 * The few HPO facts the sample generator needs, read from the obographs release: that an id is a
 * live class with the expected label, and which top-level systems it falls under (is_a closure).
 */
final class HpoCheck {
  private static final String PREFIX = "http://purl.obolibrary.org/obo/HP_";

  private final Map<String, String> labels = new HashMap<>();
  private final Set<String> deprecated = new HashSet<>();
  private final Map<String, List<String>> parents = new HashMap<>();

  HpoCheck(Path obographsJson) throws IOException {
    JsonNode graph;
    try (InputStream raw = Files.newInputStream(obographsJson);
         InputStream in = obographsJson.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      graph = Json.MAPPER.readTree(in).path("graphs").path(0);
    }
    for (JsonNode n : graph.path("nodes")) {
      String id = curie(n.path("id").asText());
      if (id == null) continue;
      labels.put(id, n.path("lbl").asText(null));
      if (n.path("meta").path("deprecated").asBoolean(false)) deprecated.add(id);
    }
    for (JsonNode e : graph.path("edges")) {
      if (!"is_a".equals(e.path("pred").asText())) continue;
      String s = curie(e.path("sub").asText()), o = curie(e.path("obj").asText());
      if (s != null && o != null) parents.computeIfAbsent(s, k -> new ArrayList<>()).add(o);
    }
    if (labels.size() < 10_000) throw new IOException(obographsJson + ": only " + labels.size() + " HP classes, not a full release");
  }

  private static String curie(String iri) {
    return iri.startsWith(PREFIX) ? "HP:" + iri.substring(PREFIX.length()) : null;
  }

  /** Fails unless {@code id} is a live class whose label is exactly {@code label}. */
  void require(String id, String label) {
    String actual = labels.get(id);
    if (actual == null) throw new IllegalStateException(id + " is not in the HPO release");
    if (deprecated.contains(id)) throw new IllegalStateException(id + " (" + actual + ") is deprecated");
    if (!actual.equals(label)) throw new IllegalStateException(id + " is \"" + actual + "\", not \"" + label + "\"");
  }

  /** Keys of the top-level systems (children of HP:0000118) among the term's is_a ancestors. */
  List<String> systems(String id) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(id));
    TreeSet<String> out = new TreeSet<>();
    while (!todo.isEmpty()) {
      String t = todo.pop();
      if (!seen.add(t)) continue;
      List<String> ps = parents.getOrDefault(t, List.of());
      if (ps.contains(AnatomicalSystem.PHENOTYPIC_ABNORMALITY)) {
        AnatomicalSystem.byHpoId(t).ifPresent(s -> out.add(s.key()));
      }
      todo.addAll(ps);
    }
    return List.copyOf(out);
  }
}
