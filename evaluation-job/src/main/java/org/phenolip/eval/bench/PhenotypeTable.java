package org.phenolip.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.ExcludedPhenotype;
import org.phenolip.core.schema.PhenoKg;

/**
 * HPO id → label: the names zero-shot prompts are built from (normal findings, {@code NOT:HP:...},
 * are named "no " + their term's label unless listed), and the set of known ids a
 * manifest is validated against. Read from {@code phenotypes.jsonl} ({"id": "HP:...",
 * "label": "..."} per line, as {@link BuildBench} writes it) or from a PhenoKG folder.
 */
public final class PhenotypeTable implements Serializable {
  public static final Pattern HPO_ID = Pattern.compile("HP:\\d{7}");
  /** A class a benchmark row can carry: an HPO id, or a normal finding ({@link ExcludedPhenotype}, "NOT:HP:..."). */
  public static final Pattern CLASS_ID = ExcludedPhenotype.ID;
  public static final String FILE = "phenotypes.jsonl";

  private final Map<String, String> labels;

  public PhenotypeTable(Map<String, String> labels) {
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** Whether {@code id} has a label: listed, or a normal finding whose excluded term is listed. */
  public boolean contains(String id) {
    return labels.containsKey(id) || (ExcludedPhenotype.isExcluded(id) && labels.containsKey(ExcludedPhenotype.term(id)));
  }

  /** The class name prompts are built from; a normal finding not listed is named after its term ("no pneumonia"). */
  public String label(String id) {
    String l = labels.get(id);
    if (l == null && ExcludedPhenotype.isExcluded(id) && labels.containsKey(ExcludedPhenotype.term(id))) {
      return ExcludedPhenotype.label(labels.get(ExcludedPhenotype.term(id)));
    }
    if (l == null) throw new IllegalArgumentException("phenotype " + id + " is not in the phenotype table");
    return l;
  }

  public int size() { return labels.size(); }

  public static PhenotypeTable readJsonl(Path file) {
    return readJsonl(file.toString());
  }

  /** As {@link #readJsonl(Path)}, from a local path or a Hadoop URI. */
  public static PhenotypeTable readJsonl(String file) {
    Map<String, String> m = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(
        org.phenolip.core.io.Storage.forTask().open(org.phenolip.core.io.Storage.uri(file)), StandardCharsets.UTF_8))) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = Json.MAPPER.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(file + " line " + no + ": not JSON: " + e.getMessage());
        }
        String id = n.path("id").asText("");
        String label = n.path("label").asText("");
        if (!CLASS_ID.matcher(id).matches() || label.isBlank()) {
          throw new IllegalArgumentException(file + " line " + no + ": needs an HPO \"id\" (HP:nnnnnnn, or NOT:HP:nnnnnnn for a normal finding) and a \"label\"");
        }
        m.put(id, label);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new PhenotypeTable(m);
  }

  public void writeJsonl(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (var e : labels.entrySet()) {
          Map<String, String> row = new LinkedHashMap<>();
          row.put("id", e.getKey());
          row.put("label", e.getValue());
          w.write(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(row));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Live terms of a PhenoKG (its current version, read through KgTables), alt ids mapped to their term's label. */
  public static PhenotypeTable fromKg(SparkSession spark, String kgDir) {
    List<Row> rows = KgTables.open(spark, kgDir).dataset(PhenoKg.PHENOTYPES).select("id", "label", "alt_ids").collectAsList();
    Map<String, String> m = new LinkedHashMap<>();
    for (Row r : rows) {
      String label = r.isNullAt(1) ? r.getString(0) : r.getString(1);
      m.put(r.getString(0), label);
      if (!r.isNullAt(2)) for (Object alt : r.getList(2)) m.putIfAbsent((String) alt, label);
    }
    return new PhenotypeTable(m);
  }
}
