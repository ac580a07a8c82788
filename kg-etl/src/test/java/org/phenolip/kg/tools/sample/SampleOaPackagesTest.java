package org.phenolip.kg.tools.sample;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.ParsedArticle;
import org.phenolip.kg.pmc.PmcReader;
import org.phenolip.kg.pmc.PmcSource;

/** The bundled sample (../data/sample/pmc-oa) against its ground truth and its source images. */
class SampleOaPackagesTest {
  static final Path DATA = Path.of("../data");
  static final Path SAMPLE = DATA.resolve("sample/pmc-oa");

  private static HpoCheck hpo;

  /** The release is parsed once for the class (a few seconds on a busy machine). */
  static synchronized HpoCheck hpo() throws Exception {
    if (hpo == null) hpo = new HpoCheck(DATA.resolve(SampleOaPackages.HPO_FILE));
    return hpo;
  }

  static List<JsonNode> truth() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(SAMPLE.resolve("ground_truth.jsonl"))) out.add(Json.MAPPER.readTree(line));
    return out;
  }

  @Test
  void onePackageImagesSitOnTheRightFigures() throws Exception {
    ParsedArticle p = PmcReader.read(SAMPLE.resolve("PMC9000001.tar.gz"));
    assertFalse(p.isRejected(), p.rejects()::toString);
    assertEquals(List.of(), p.rejects());
    assertEquals("PMC9000001", p.article().articleId());
    assertEquals(SampleOaPackages.JOURNAL, p.article().journal());
    assertEquals("https://creativecommons.org/licenses/by/4.0/", p.article().license());
    Map<String, Figure> byId = p.figures().stream().collect(Collectors.toMap(Figure::figureId, f -> f));
    List<JsonNode> lines = truth().stream().filter(t -> t.get("article_id").asText().equals("PMC9000001")).toList();
    assertEquals(lines.size(), p.figures().size());
    int checkedOriginal = 0, checkedCompound = 0;
    for (JsonNode t : lines) {
      Figure f = byId.get(t.get("figure_id").asText());
      assertNotNull(f, t.get("figure_id").asText());
      assertEquals(t.get("caption").asText(), f.caption());
      assertEquals(t.get("image_file").asText(), f.imageName());
      JsonNode panels = t.get("panels");
      if (!t.get("compound").asBoolean()) {
        // single-panel dermoscopy figures carry the ISIC file byte for byte
        byte[] original = Files.readAllBytes(DATA.resolve(panels.get(0).get("source_image").asText()));
        assertArrayEquals(original, f.image(), f.figureId());
        for (JsonNode panel : panels) {
          assertTrue(panel.get("source_image").asText().contains("/" + panel.get("class").asText() + "/"));
        }
        checkedOriginal++;
      } else {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.image()));
        JsonNode b = panels.get(1).get("bbox");
        assertEquals(b.get(0).asInt() + b.get(2).asInt(), img.getWidth(), "panel B ends at the right edge");
        assertTrue(f.caption().contains("(A) ") && f.caption().contains(" (B) "));
        checkedCompound++;
      }
      assertFalse(f.citingParagraphs().isEmpty(), f.figureId() + " is cited in the body");
    }
    assertTrue(checkedOriginal > 5 && checkedCompound > 0, checkedOriginal + " " + checkedCompound);
    Figure multi = byId.get("PMC9000001/F3");
    assertEquals(List.of("PMC9000001-g003a", "PMC9000001-g003b"), multi.graphics(), "the multi-graphic figure");
  }

  @Test
  void wholeSampleReadsCleanAndMatchesTheGroundTruth() throws Exception {
    List<ParsedArticle> all = PmcSource.read(SAMPLE).toList();
    assertTrue(all.size() >= 6 && all.size() <= 12, all.size() + " packages");
    assertTrue(all.stream().allMatch(p -> !p.isRejected() && p.rejects().isEmpty()));
    List<JsonNode> truth = truth();
    List<Figure> figs = all.stream().flatMap(p -> p.figures().stream()).toList();
    assertEquals(truth.size(), figs.size());
    assertTrue(figs.stream().allMatch(f -> f.image() != null && f.image().length > 0));
    assertEquals(truth.stream().map(t -> t.get("figure_id").asText()).toList(), figs.stream().map(Figure::figureId).toList());
    for (JsonNode t : truth) {
      for (JsonNode id : t.get("hpo_ids")) assertTrue(t.get("caption").asText().length() > 0 && id.asText().startsWith("HP:"));
    }
    assertTrue(truth.stream().anyMatch(t -> t.get("system").asText().equals("Radiology")));
    assertTrue(truth.stream().anyMatch(t -> t.get("negated_hpo_ids").size() > 0), "some captions negate a term");
    assertTrue(truth.stream().anyMatch(t -> t.get("caption").asText().contains("(BCC)")), "an abbreviation is defined");
    long bytes = 0;
    try (var s = Files.walk(DATA.resolve("sample"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) bytes += Files.size(p);
    }
    assertTrue(bytes < 6_000_000, bytes + " bytes in data/sample");
  }

  /** Benchmark articles are written from their own templates: no bench caption is a training caption with another age. */
  @Test
  void benchCaptionsAreNeverTrainingTemplates() throws Exception {
    java.util.Set<String> train = new java.util.HashSet<>(), bench = new java.util.HashSet<>();
    java.util.Set<String> benchArticles = new java.util.TreeSet<>();
    for (JsonNode t : truth()) {
      String split = t.get("split").asText();
      String text = t.get("caption").asText().replaceAll(" Patient aged \\d+ years\\.$", "");
      if (split.equals("bench")) {
        bench.add(text);
        benchArticles.add(t.get("article_id").asText());
      } else {
        assertEquals("train", split);
        train.add(text);
      }
    }
    assertEquals(java.util.Set.of("PMC9000006", "PMC9000008", "PMC9000010"), benchArticles, "the last article of each series");
    assertTrue(bench.size() >= 20 && train.size() >= 20, bench.size() + " bench, " + train.size() + " training captions");
    for (String b : bench) {
      assertFalse(train.contains(b), b);
      for (String tr : train) assertFalse(tr.contains(b) || b.contains(tr), b + " | " + tr); // nor inside a compound
    }
    for (SampleClass c : concat(SampleClass.ISIC, SampleClass.CHEST, SampleClass.BREAST)) {
      assertEquals(2, c.benchTemplates().size(), c.name());
      for (SampleClass.Template t : c.benchTemplates()) {
        assertFalse(c.templates().stream().anyMatch(x -> x.title().equals(t.title()) || x.text().equals(t.text())), c.name());
        for (SampleClass.Term term : t.positive()) {
          assertTrue((t.title() + " " + t.text()).toLowerCase().contains(term.label().toLowerCase()), "linkable: " + term.label());
        }
      }
    }
  }

  @SafeVarargs
  static <T> List<T> concat(List<T>... lists) {
    List<T> out = new ArrayList<>();
    for (List<T> l : lists) out.addAll(l);
    return out;
  }

  @Test
  void generationIsDeterministicAndChecksItsOutput(@TempDir Path tmp) throws Exception {
    var plan = new SampleOaPackages.Plan(2, 1, 1, 2, 1, 2, 0.5);
    HpoCheck hpo = hpo();
    var a = SampleOaPackages.generate(hpo, DATA, tmp.resolve("a"), 7, plan);
    var b = SampleOaPackages.generate(hpo, DATA, tmp.resolve("b"), 7, plan);
    assertEquals(3, a.packages().size());
    assertEquals(18 + 4 + 4, a.images(), "2 per ISIC class, 2 per MedMNIST label");
    for (int i = 0; i < a.packages().size(); i++) {
      assertArrayEquals(Files.readAllBytes(a.packages().get(i)), Files.readAllBytes(b.packages().get(i)));
    }
    assertEquals(Files.readString(tmp.resolve("a/ground_truth.jsonl")), Files.readString(tmp.resolve("b/ground_truth.jsonl")));
    var c = SampleOaPackages.generate(hpo, DATA, tmp.resolve("c"), 8, plan);
    assertNotEquals(a.truth(), c.truth(), "another seed, another sample");
  }

  @Test
  void hpoTermsAreCheckedAgainstTheRelease() throws Exception {
    HpoCheck hpo = hpo();
    for (SampleClass.Term t : SampleClass.allTerms()) hpo.require(t.id(), t.label());
    assertThrows(IllegalStateException.class, () -> hpo.require("HP:0002861", "Melanomas"));
    assertThrows(IllegalStateException.class, () -> hpo.require("HP:9999999", "Nothing"));
    assertEquals(List.of("breast", "neoplasm"), hpo.systems("HP:0003002"));
    assertEquals(List.of("immune", "respiratory"), hpo.systems("HP:0002090"));
  }
}
