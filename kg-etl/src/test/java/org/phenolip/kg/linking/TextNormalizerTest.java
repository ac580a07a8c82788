package org.phenolip.kg.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  private final TextNormalizer norm = TextNormalizer.get();

  @Test
  void foldsCaseHyphensSlashesAndPunctuation() {
    assertEquals("t2 weighted mr image", norm.normalize("T2-weighted  MR/image."));
    assertEquals("crohn s disease", norm.normalize("Crohn's disease"));
    assertEquals("", norm.normalize(" -- / "));
  }

  @Test
  void offsetsPointAtTheOriginalCharacters() {
    String text = "Two  Arteries, (left-sided).";
    NormalizedText nt = norm.apply(text);
    assertEquals(" two artery left sided ", nt.padded());
    assertEquals(4, nt.tokenCount());
    assertEquals("Arteries", text.substring(nt.originalStart(1), nt.originalEnd(1)));
    assertEquals("artery", nt.token(1));
    assertEquals("left", text.substring(nt.originalStart(2), nt.originalEnd(2)));
    assertEquals("sided", text.substring(nt.originalStart(3), nt.originalEnd(3)));
    assertEquals(1, nt.tokenAtOriginal(text.indexOf("teries")));
    assertEquals(-1, nt.tokenAtOriginal(text.indexOf(',')));
    assertEquals(1, nt.tokenStartingAt(nt.padded().indexOf("artery")));
  }

  @Test
  void pluralsFoldToTheSingular() {
    assertEquals("artery", norm.normalize("arteries"));
    assertEquals("mass", norm.normalize("masses"));
    assertEquals("mass", norm.normalize("mass"));
    assertEquals("disease", norm.normalize("diseases"));
    assertEquals("case", norm.normalize("cases"));
    assertEquals("lesion", norm.normalize("lesions"));
    assertEquals("box", norm.normalize("boxes"));
    assertEquals("patch", norm.normalize("patches"));
    assertEquals("pouch", norm.normalize("pouches"));
    assertEquals("headache", norm.normalize("headaches"));
    assertEquals("rash", norm.normalize("rashes"));
    assertEquals("vertebra", norm.normalize("vertebrae"));
    assertEquals("tooth", norm.normalize("teeth"));
    assertEquals("metastasis", norm.normalize("metastases"));
    assertEquals("phalanx", norm.normalize("phalanges"));
  }

  @Test
  void singularsEndingInSAreKept() {
    for (String w : new String[] {"stenosis", "fetus", "abscess", "ascites", "diabetes", "lens",
        "series", "pancreas", "gas", "was", "this", "its", "herpes", "mellitus"}) {
      assertEquals(w, norm.normalize(w), w);
    }
  }

  @Test
  void sentenceBreaksButNotDecimalPoints() {
    NormalizedText nt = norm.apply("Size 2.5 cm. No mass; effusion");
    // tokens: size 2 5 cm no mass effusion
    assertFalse(nt.breakAfter(1), "2.5 is a number");
    assertTrue(nt.breakAfter(3), "after cm.");
    assertTrue(nt.breakAfter(5), "after mass;");
    assertFalse(nt.breakAfter(6));
  }
}
