package org.phenolip.kg.linking.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ROCO test split as the dataset ships it: {@code captions.txt} ("ROCO_00001\t caption") and
 * {@code cuis.txt} ("ROCO_00001\t\tC0040395\tC0011334…", the UMLS concepts the dataset authors
 * extracted from the caption), both tab-separated and keyed by ROCO id.
 */
public record RocoCorpus(List<Caption> captions) {

  public record Caption(String id, String text, List<String> cuis) {}

  public static RocoCorpus load(Path dir) {
    Map<String, String> text = read(dir.resolve("captions.txt"));
    Map<String, String> cuis = read(dir.resolve("cuis.txt"));
    if (!text.keySet().equals(cuis.keySet())) {
      throw new IllegalArgumentException(dir + ": captions.txt and cuis.txt hold different ROCO ids ("
          + text.size() + " vs " + cuis.size() + ")");
    }
    List<Caption> out = new ArrayList<>(text.size());
    text.forEach((id, t) -> out.add(new Caption(id, t.strip(),
        Arrays.stream(cuis.get(id).split("\t")).map(String::strip).filter(s -> !s.isEmpty()).toList())));
    return new RocoCorpus(List.copyOf(out));
  }

  private static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) continue;
      int tab = line.indexOf('\t');
      if (tab <= 0) throw new IllegalArgumentException(file + " line " + (i + 1) + ": no ROCO id and tab");
      if (out.put(line.substring(0, tab), line.substring(tab + 1)) != null) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": duplicate id " + line.substring(0, tab));
      }
    }
    return out;
  }

  public List<String> texts() {
    return captions.stream().map(Caption::text).toList();
  }
}
