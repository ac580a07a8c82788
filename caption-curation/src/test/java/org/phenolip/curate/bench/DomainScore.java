package org.phenolip.curate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.phenolip.core.io.Json;
import org.phenolip.curate.domain.DomainTagger;
import org.phenolip.kg.pmc.Article;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.PmcReader;

/**
 * Scores the domain rules. ROCO (all radiology): share tagged radiology, and the modality against the
 * dataset's own UMLS concepts where exactly one of CT (C0040405), ultrasonography (C0041618) or plain
 * radiography (C0043299, C1306645) is listed. Sample: domain and modality against ground_truth.jsonl.
 * Usage: DomainScore OUT.json
 */
public final class DomainScore {
  public static Map<String, Object> roco(Path data) throws Exception {
    DomainTagger t = new DomainTagger();
    List<String> caps = Files.readAllLines(data.resolve("roco/test_radiology/captions.txt"));
    Map<String, String> silver = new HashMap<>();
    for (String line : Files.readAllLines(data.resolve("roco/test_radiology/cuis.txt"))) {
      String id = line.split("\t", 2)[0];
      boolean ct = line.contains("C0040405"), us = line.contains("C0041618"),
          xr = line.contains("C0043299") || line.contains("C1306645");
      if ((ct ? 1 : 0) + (us ? 1 : 0) + (xr ? 1 : 0) == 1) silver.put(id, ct ? "ct" : us ? "ultrasound" : "xray");
    }
    int n = 0, radiology = 0, silverN = 0, silverOk = 0;
    Map<String, Integer> domains = new TreeMap<>(), modalities = new TreeMap<>();
    for (String line : caps) {
      int tab = line.indexOf('\t');
      if (tab < 0) continue;
      String id = line.substring(0, tab);
      var tag = t.tag(line.substring(tab + 1), null, List.of(), null);
      n++;
      domains.merge(tag.domain(), 1, Integer::sum);
      if (tag.domain().equals("radiology")) {
        radiology++;
        modalities.merge(tag.modality(), 1, Integer::sum);
      }
      if (silver.containsKey(id)) {
        silverN++;
        if (silver.get(id).equals(tag.modality())) silverOk++;
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("captions", n);
    r.put("radiology_rate", round((double) radiology / n));
    r.put("domains", domains);
    r.put("radiology_modalities", modalities);
    r.put("silver_modality_captions", silverN);
    r.put("silver_modality_accuracy", round((double) silverOk / Math.max(1, silverN)));
    return r;
  }

  public static Map<String, Object> sample(Path data) throws Exception {
    DomainTagger t = new DomainTagger();
    Map<String, Figure> figs = new HashMap<>();
    Map<String, Article> arts = new HashMap<>();
    try (var files = Files.list(data.resolve("sample/pmc-oa"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".tar.gz")).toList()) {
        var parsed = PmcReader.read(p);
        arts.put(parsed.article().articleId(), parsed.article());
        for (Figure f : parsed.figures()) figs.put(f.figureId(), f);
      }
    }
    int n = 0, domainOk = 0, modalityOk = 0, captionOnlyDomainOk = 0;
    for (String line : Files.readAllLines(data.resolve("sample/pmc-oa/ground_truth.jsonl"))) {
      JsonNode gt = Json.MAPPER.readTree(line);
      Figure f = figs.get(gt.get("figure_id").asText());
      Article a = arts.get(f.articleId());
      var tag = t.tag(f.caption(), a.title(), a.subjects(), a.journal());
      var capOnly = t.tag(f.caption(), null, List.of(), null);
      String domain = gt.get("system").asText().toLowerCase();
      String mod = switch (gt.get("modality").asText()) {
        case "dermoscopy" -> "dermoscopy";
        case "chest X-ray" -> "xray";
        case "breast ultrasound" -> "ultrasound";
        default -> "?";
      };
      n++;
      if (tag.domain().equals(domain)) domainOk++;
      if (capOnly.domain().equals(domain)) captionOnlyDomainOk++;
      if (tag.modality().equals(mod)) modalityOk++;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("figures", n);
    r.put("domain_accuracy", round((double) domainOk / n));
    r.put("domain_accuracy_caption_only", round((double) captionOnlyDomainOk / n));
    r.put("modality_accuracy", round((double) modalityOk / n));
    return r;
  }

  static double round(double v) { return Math.round(v * 10000) / 10000.0; }

  public static void main(String[] args) throws Exception {
    Path data = Path.of("..", "data");
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("roco", roco(data));
    res.put("sample", sample(data));
    Path out = Path.of(args.length > 0 ? args[0] : "target/domain.json");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, res);
    System.out.println(Json.write(res));
  }
}
