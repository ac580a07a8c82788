package org.phenolip.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.phenolip.core.io.Json;

/**
 * A source's ground truth per figure ({@code ground_truth.jsonl}, as the sample generator writes
 * it: {@code figure_id}, {@code hpo_ids}, {@code negated_hpo_ids}, {@code compound}): the label of record of a benchmark
 * row, which caption linking only approximates (it misses terms and can link negated or
 * unrelated ones), and whether the figure is compound (several panels with their own classes).
 * A line may name its article ({@code article_id}) and the side the source assigns it ({@code split}:
 * {@code train} or {@code bench}), as datasets with official splits do: build-bench then keeps that side.
 */
public record GroundTruth(Map<String, Entry> byFigure, Map<String, String> splitOfArticle) {
  public static final String TRAIN = "train", BENCH = "bench";

  public GroundTruth(Map<String, Entry> byFigure) {
    this(byFigure, Map.of());
  }

  /**
   * One figure's phenotypes of record, the ones it rules out ({@code negated_hpo_ids}: a normal
   * image's "no pneumonia"), and whether it is compound.
   */
  public record Entry(List<String> hpoIds, List<String> negatedHpoIds, boolean compound) {
    public Entry(List<String> hpoIds, boolean compound) {
      this(hpoIds, List.of(), compound);
    }

    /** The classes of record: the asserted terms, else (a normal finding) the excluded ones as {@code NOT:HP:...}. */
    public List<String> classes() {
      if (!hpoIds.isEmpty()) return hpoIds;
      return negatedHpoIds.stream().map(org.phenolip.core.schema.ExcludedPhenotype::of).toList();
    }
  }

  public static GroundTruth read(Path file) {
    return read(org.phenolip.core.io.Storage.local(), file.toString());
  }

  /** {@code file}: a local path or a URI (HDFS, S3), read through {@code storage}. */
  public static GroundTruth read(org.phenolip.core.io.Storage storage, String file) {
    Map<String, Entry> m = new HashMap<>();
    Map<String, String> splits = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(storage.open(org.phenolip.core.io.Storage.uri(file)), StandardCharsets.UTF_8))) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = Json.MAPPER.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(file + " line " + no + ": not JSON (" + e.getMessage().split("\n")[0] + ")");
        }
        String id = n.path("figure_id").asText(null);
        if (id == null || id.isBlank()) throw new IllegalArgumentException(file + " line " + no + ": no figure_id");
        List<String> ids = new ArrayList<>(), negated = new ArrayList<>();
        n.path("hpo_ids").forEach(x -> ids.add(x.asText()));
        n.path("negated_hpo_ids").forEach(x -> negated.add(x.asText()));
        m.put(id, new Entry(List.copyOf(ids), List.copyOf(negated), n.path("compound").asBoolean(false)));
        String split = n.path("split").asText(null);
        if (split != null) {
          if (!split.equals(TRAIN) && !split.equals(BENCH)) {
            throw new IllegalArgumentException(file + " line " + no + ": split must be \"" + TRAIN + "\" or \"" + BENCH + "\", got \"" + split + "\"");
          }
          String article = n.path("article_id").asText(null);
          if (article == null || article.isBlank()) throw new IllegalArgumentException(file + " line " + no + ": a split needs its article_id");
          String before = splits.putIfAbsent(article, split);
          if (before != null && !before.equals(split)) {
            throw new IllegalArgumentException(file + " line " + no + ": article " + article + " is both " + before + " and " + split);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ground truth " + file + ": " + e.getMessage(), e);
    }
    return new GroundTruth(m, Map.copyOf(splits));
  }
}
