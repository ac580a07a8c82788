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
import org.phenolip.curate.align.PanelAligner;
import org.phenolip.curate.align.PanelLetterOcr;
import org.phenolip.curate.caption.SubcaptionSplitter;
import org.phenolip.curate.image.FigureImages;
import org.phenolip.curate.subfigure.Box;
import org.phenolip.curate.subfigure.XyCutDetector;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.PmcReader;

/**
 * Alignment accuracy on the bundled sample's compound figures: a ground-truth panel counts as
 * aligned when the pair carrying its letter has a box at IoU ≥ 0.5 with the panel's box. Also
 * exposed as a bench main writing JSON. Usage: SampleAlignment OUT.json [ocr|no-ocr]
 */
public final class SampleAlignment {
  public static Map<String, Object> run(Path data, boolean useOcr) throws Exception {
    Path dir = data.resolve("sample/pmc-oa");
    Map<String, Figure> figs = new HashMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".tar.gz")).sorted().toList()) {
        for (Figure f : PmcReader.read(p).figures()) figs.put(f.figureId(), f);
      }
    }
    PanelLetterOcr ocr = useOcr ? PanelLetterOcr.create() : null;
    SubcaptionSplitter splitter = new SubcaptionSplitter();
    XyCutDetector det = new XyCutDetector();
    PanelAligner aligner = new PanelAligner();
    int figures = 0, panels = 0, aligned = 0, countsAgree = 0;
    Map<String, Integer> methods = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("ground_truth.jsonl"))) {
      JsonNode gt = Json.MAPPER.readTree(line);
      if (!gt.get("compound").asBoolean()) continue;
      Figure f = figs.get(gt.get("figure_id").asText());
      figures++;
      var img = FigureImages.decode(f.image());
      List<Box> boxes = det.detect(img);
      var split = splitter.split(f.caption());
      if (split.allLabels().size() == boxes.size()) countsAgree++;
      var a = aligner.align(split, boxes, img, ocr);
      methods.merge(a.method(), 1, Integer::sum);
      for (JsonNode p : gt.get("panels")) {
        panels++;
        JsonNode bb = p.get("bbox");
        Box truth = new Box(bb.get(0).asInt(), bb.get(1).asInt(), bb.get(2).asInt(), bb.get(3).asInt());
        String label = p.get("panel").asText();
        for (var pair : a.pairs()) {
          if (pair.labels().equals(List.of(label)) && pair.box().iou(truth) >= 0.5) {
            aligned++;
            break;
          }
        }
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("compound_figures", figures);
    r.put("panels", panels);
    r.put("panels_aligned", aligned);
    r.put("alignment_accuracy", Math.round(10000.0 * aligned / Math.max(1, panels)) / 10000.0);
    r.put("figures_counts_agree", countsAgree);
    r.put("methods", methods);
    r.put("ocr", useOcr ? PanelLetterOcr.status() : "not requested");
    return r;
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/alignment.json");
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("reading_order", run(Path.of("..", "data"), false));
    res.put("with_ocr", run(Path.of("..", "data"), true));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, res);
    System.out.println(Json.write(res));
  }
}
