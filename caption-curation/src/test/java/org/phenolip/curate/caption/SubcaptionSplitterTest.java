package org.phenolip.curate.caption;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.phenolip.curate.caption.SubcaptionSplitter.Split;
import org.phenolip.curate.caption.SubcaptionSplitter.Style;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.JatsReader;

class SubcaptionSplitterTest {
  static final Path DATA = Path.of("..", "data");
  final SubcaptionSplitter splitter = new SubcaptionSplitter();

  private static List<List<String>> labels(Split s) {
    return s.subcaptions().stream().map(SubcaptionSplitter.Subcaption::labels).toList();
  }

  private static List<String> texts(Split s) {
    return s.subcaptions().stream().map(SubcaptionSplitter.Subcaption::text).toList();
  }

  // ---- hard cases written down by hand

  @Test void leadingMarkersAndReferenceToEarlierPanel() {
    Split s = splitter.split("(A) Axial CT shows a mass. (B) Coronal MRI of the same lesion as in (A).");
    assertEquals(Style.LEADING, s.style());
    assertEquals(List.of(List.of("A"), List.of("B")), labels(s));
    assertEquals("Axial CT shows a mass.", texts(s).get(0));
    assertEquals("Coronal MRI of the same lesion as in (A).", texts(s).get(1));
  }

  @Test void trailingMarkersShareTheRestOfTheSentence() {
    Split s = splitter.split("Chest X-ray (a) and computer tomography of the thorax (b) show patchy and extensive nodular infiltrates.");
    assertEquals(Style.TRAILING, s.style());
    assertEquals(List.of("Chest X-ray show patchy and extensive nodular infiltrates.",
        "computer tomography of the thorax show patchy and extensive nodular infiltrates."), texts(s));
  }

  @Test void rangesListsAndAndAreExpanded() {
    assertEquals(List.of("A", "B", "C"), SubcaptionSplitter.expand("a–c"));
    assertEquals(List.of("A", "B"), SubcaptionSplitter.expand("A, B"));
    assertEquals(List.of("A", "D"), SubcaptionSplitter.expand("A and D"));
    assertEquals(List.of("C", "D", "E", "F"), SubcaptionSplitter.expand("C-F"));
    assertNull(SubcaptionSplitter.expand("D-A"));
    Split s = splitter.split("(A and D) Tumour cells stained with H&E; (B, C) immunostaining for CD31.");
    assertEquals(List.of(List.of("A", "D"), List.of("B", "C")), labels(s));
    assertEquals("immunostaining for CD31.", texts(s).get(1));
    Split r = splitter.split("(a–c) Histology of the lesion. (d) Dermoscopy.");
    assertEquals(List.of(List.of("A", "B", "C"), List.of("D")), labels(r));
  }

  @Test void bareParenthesisMarkersAfterSemicolonsAndAnd() {
    Split s = splitter.split("Anteroposterior radiographs; a) at 1.6 years, showing subluxation; b) two months after osteotomies;"
        + "c) after recurrence of coxa valga and d) Severin group IIa of both hips.");
    assertEquals(List.of(List.of("A"), List.of("B"), List.of("C"), List.of("D")), labels(s));
    assertEquals("Anteroposterior radiographs", s.preamble());
    assertEquals("after recurrence of coxa valga", texts(s).get(2));
    assertEquals("Anteroposterior radiographs. Severin group IIa of both hips.", s.subcaptions().get(3).fullText());
  }

  @Test void inSentenceReferencesAreNotPanels() {
    assertFalse(splitter.split("Lesions are shown in A and B. The scale bar is 1 mm.").compound());
    assertFalse(splitter.split("Samples were processed like in (A) and (B) without taking samples from the center.").compound());
    // a single label is an annotation of one image, not a compound caption
    assertFalse(splitter.split("CT shows the enlarged pulmonary artery as it leaves the aortic root (A).").compound());
    // "A. fumigatus" and initials are not "A." markers
    assertFalse(splitter.split("Infection with A. fumigatus. B. Smith collected the samples.").compound());
    // a figure number glued to the range is a reference to another figure
    Split v = splitter.split("Video 2(a–d) Supramitral ring. (a) 2-D TEE, (b) 2-D color TEE, (c) 3-D live, and (d) 3-D full volume");
    assertEquals(List.of(List.of("A"), List.of("B"), List.of("C"), List.of("D")), labels(v));
    assertEquals("3-D full volume", texts(v).get(3));
  }

  @Test void positionWords() {
    Split s = splitter.split("Left: dermoscopy of a nevus. Right: clinical photograph of the same nevus.");
    assertEquals(Style.POSITIONAL, s.style());
    assertEquals(List.of(List.of("left"), List.of("right")), labels(s));
    Split u = splitter.split("Upper panel shows the T1-weighted image; lower panel shows the T2-weighted image.");
    assertEquals(List.of(List.of("upper"), List.of("lower")), labels(u));
    assertFalse(splitter.split("Left upper lobe squamous cell cancer showing a broad margin at CT (arrow).").compound());
    Split t = splitter.split("MRI of two patients: adults with TS (left), and children with TS (right).");
    assertEquals(List.of(List.of("left"), List.of("right")), labels(t));
  }

  @Test void emptyAndNull() {
    assertFalse(splitter.split(null).compound());
    assertEquals(1, splitter.split("   ").subcaptions().size());
  }

  // ---- real captions (JATS articles in data/pmc, read as kg-etl reads them), expectations checked by hand

  static Map<String, String> pmcCaptions() throws IOException {
    Map<String, String> out = new HashMap<>();
    try (var files = Files.walk(DATA.resolve("pmc"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        var parsed = JatsReader.read(p.toString(), Files.readAllBytes(p));
        for (Figure f : parsed.figures()) if (f.caption() != null) out.put(f.figId(), f.caption());
      }
    }
    return out;
  }

  @Test void realJatsCaptions() throws IOException {
    Map<String, String> caps = pmcCaptions();
    Split g5 = splitter.split(caps.get("pmed-1001080-g005"));
    assertEquals(Style.LEADING, g5.style());
    assertEquals("Regional trends in NMRs and numbers 1990–2009.", g5.preamble());
    assertEquals(List.of("NMRs.", "Neonatal deaths.", "Percentage of global deaths per region.",
        "Percentage of child (under 5 y) deaths in neonatal period."), texts(g5));

    // "(B)" inside a sentence that starts a new panel: the panel is that sentence
    Split volcano = splitter.split(caps.get("pgen-1000052-g002"));
    assertEquals(List.of(List.of("A"), List.of("B")), labels(volcano));
    assertTrue(texts(volcano).get(1).startsWith("The Venn diagram shows the numbers"), texts(volcano).get(1));

    // trailing style: "for men (A) and women (B)"
    Split art = splitter.split(caps.get("pmed-1001418-g001"));
    assertEquals(Style.TRAILING, art.style());
    assertTrue(texts(art).get(0).endsWith("for men. Bars represent means, and error bars represent 95% confidence intervals."), texts(art).get(0));
    assertTrue(texts(art).get(1).startsWith("women."), texts(art).get(1));

    Split km = splitter.split(caps.get("pmed.1001786.g004"));
    assertEquals(List.of(List.of("left"), List.of("right")), labels(km));
    assertEquals("for all 305 patients.", texts(km).get(0));

    // ranges, and markers repeated inside a panel's text are references
    assertEquals(List.of(List.of("A"), List.of("B"), List.of("C", "D"), List.of("E")), labels(splitter.split(caps.get("F7"))));
    assertEquals(List.of(List.of("A", "B"), List.of("C", "D", "E", "F")), labels(splitter.split(caps.get("F5"))));
    // "(A and B)", "(C and D)", "(E)" then "Scale bars are 5 μm in (A), (B), and (E)": references
    assertEquals(List.of(List.of("A", "B"), List.of("C", "D"), List.of("E")), labels(splitter.split(caps.get("ppat-0020025-g009"))));
    // "processed like in (A)": a reference only
    assertFalse(splitter.split(caps.get("pntd-0001969-g002")).compound());
  }

  // ---- ROCO radiology captions: nearly all single-panel images

  static Map<String, String> roco() throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(DATA.resolve("roco/test_radiology/captions.txt"))) {
      int tab = line.indexOf('\t');
      if (tab > 0) out.put(line.substring(0, tab), line.substring(tab + 1).strip());
    }
    return out;
  }

  @Test void rocoCaptions() throws IOException {
    Map<String, String> r = roco();
    Split tibia = splitter.split(r.get("ROCO_02832"));
    assertEquals(List.of("Right tibia.", "Left tibia."), texts(tibia));
    assertEquals("Radiographic view on day 14. Right tibia.", tibia.subcaptions().get(0).fullText());
    assertEquals(List.of(List.of("A"), List.of("B")), labels(splitter.split(r.get("ROCO_04574"))));
    assertEquals(List.of("Distance from the top of the head and greater tuberosity of the humerus.",
        "Distance between the top of the humeral head and the acromion."), texts(splitter.split(r.get("ROCO_18422"))));
    assertEquals(4, splitter.split(r.get("ROCO_00962")).subcaptions().size());
    assertFalse(splitter.split(r.get("ROCO_05441")).compound());
    assertFalse(splitter.split(r.get("ROCO_00328")).compound());
    long compound = r.values().stream().filter(c -> splitter.split(c).compound()).count();
    // 71 of 8,179 when written; ROCO images are single panels, so a jump means markers went loose
    assertTrue(compound > 40 && compound < 120, "compound ROCO captions: " + compound);
  }
}
