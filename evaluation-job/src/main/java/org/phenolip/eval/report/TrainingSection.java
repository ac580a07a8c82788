package org.phenolip.eval.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phenolip.core.io.Json;
import org.phenolip.model.tower.PhenolipModel;

/**
 * The report's "Training settings" section: for every evaluated model folder that carries a
 * {@code training.json} (written beside the weights by the trainer), every setting that produced
 * it, flattened to one row per key ({@code lr.peak}, {@code phenokg.manifest_sha256}, ...).
 */
public final class TrainingSection {
  private TrainingSection() {}

  /** The record of a {@code --model} value (the folder or its {@code model/}), or null when it has none. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(String modelSpec) {
    Path p;
    try {
      p = Path.of(modelSpec);
    } catch (RuntimeException e) {
      return null; // not a path (random:tiny, baseline:...)
    }
    for (Path f : List.of(p.resolve(PhenolipModel.TRAINING_FILE), p.resolve("model").resolve(PhenolipModel.TRAINING_FILE))) {
      if (Files.isRegularFile(f)) {
        try {
          return Json.MAPPER.readValue(f.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
      }
    }
    return null;
  }

  /** Markdown: one table per model with a record; empty when none has one. */
  static String markdown(Map<String, Map<String, Object>> byModel) {
    StringBuilder md = new StringBuilder();
    if (byModel.isEmpty()) return "";
    md.append("### Training settings\n\nFrom each model folder's `training.json`.\n\n");
    byModel.forEach((name, record) -> {
      md.append("**").append(name).append("**\n\n| setting | value |\n|---|---|\n");
      flatten("", record).forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
      md.append('\n');
    });
    return md.toString();
  }

  static String html(Map<String, Map<String, Object>> byModel) {
    StringBuilder h = new StringBuilder();
    if (byModel.isEmpty()) return "";
    h.append("<h3>Training settings</h3>\n<p>From each model folder's <code>training.json</code>.</p>\n");
    byModel.forEach((name, record) -> {
      h.append("<h4>").append(Table.esc(name)).append("</h4>\n<table><tr><th>setting</th><th>value</th></tr>\n");
      flatten("", record).forEach((k, v) -> h.append("<tr><td>").append(Table.esc(k)).append("</td><td>")
          .append(Table.esc(v)).append("</td></tr>\n"));
      h.append("</table>\n");
    });
    return h.toString();
  }

  /** Nested maps as dotted keys; lists and scalars as their JSON text. */
  @SuppressWarnings("unchecked")
  static Map<String, String> flatten(String prefix, Map<String, Object> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      String key = prefix.isEmpty() ? k : prefix + "." + k;
      if (v instanceof Map<?, ?> sub) out.putAll(flatten(key, (Map<String, Object>) sub));
      else if (v instanceof String s) out.put(key, s);
      else out.put(key, oneLine(v));
    });
    return out;
  }

  private static String oneLine(Object v) {
    try {
      return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(v);
    } catch (IOException e) {
      return String.valueOf(v);
    }
  }
}
