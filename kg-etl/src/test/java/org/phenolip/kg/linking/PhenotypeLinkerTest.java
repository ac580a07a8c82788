package org.phenolip.kg.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PhenotypeLinkerTest {
  private final PhenotypeLinker linker = PhenotypeLinker.of(Dictionaries.cardiacDictionary());

  static List<String> ids(List<Mention> ms) {
    return ms.stream().map(Mention::hpoId).toList();
  }

  @Test
  void spansAreInTheOriginalText() {
    String text = "Echo: a large  Ventricular-Septal  DEFECTS, seen.";
    List<Mention> ms = linker.link(text);
    assertEquals(1, ms.size());
    Mention m = ms.get(0);
    assertEquals("HP:0001629", m.hpoId());
    assertEquals("Ventricular-Septal  DEFECTS", m.matchedText());
    assertEquals(text.indexOf("Ventricular"), m.start());
    assertEquals(text.indexOf(","), m.end());
    assertEquals(m.matchedText(), text.substring(m.start(), m.end()));
    assertEquals(Tier.LABEL, m.tier());
  }

  @Test
  void longestMatchWins() {
    List<Mention> ms = linker.link("Perimembranous ventricular septal defect and chest pain.");
    assertEquals(List.of("HP:0011682", "HP:0100749"), ids(ms));
    assertEquals("Perimembranous ventricular septal defect", ms.get(0).matchedText());
    assertEquals("chest pain", ms.get(1).matchedText());
  }

  @Test
  void onlyWholeTokensMatch() {
    // "pain" inside "painful", "mass" inside "massive", "edema" inside "myxedema"
    assertEquals(List.of(), linker.link("Painful massive myxedema; pneumothoraces? no: Pneumothoraxes"
        .replace("Pneumothoraxes", "pneumothoraxic")));
  }

  @Test
  void pluralsAndHyphensMatch() {
    assertEquals(List.of("HP:0002113"), ids(linker.link("Bilateral lung infiltrates")));
    assertEquals(List.of("HP:0002113"), ids(linker.link("pulmonary infiltrate")));
    assertEquals(List.of("HP:0007360"), ids(linker.link("aplasia hypoplasia of the cerebellum")));
    assertEquals(List.of("HP:0002925"), ids(linker.link("abnormal thyroid stimulating hormone levels")));
    assertEquals(List.of("HP:0005108"), ids(linker.link("Abnormal vertebral morphologies")));
  }

  @Test
  void tiersGiveConfidence() {
    List<Mention> ms = linker.link("Fever, pyrexia and hyperthermia.");
    assertEquals(List.of(Tier.LABEL, Tier.EXACT, Tier.RELATED), ms.stream().map(Mention::tier).toList());
    assertEquals(List.of(0.95, 0.90, 0.50), ms.stream().map(Mention::confidence).toList());
    assertTrue(IntStream.range(1, Tier.values().length)
        .allMatch(i -> Tier.values()[i - 1].confidence() > Tier.values()[i].confidence()));
  }

  @Test
  void acronymsOnlyInCapitals() {
    assertEquals(List.of("HP:0001629"), ids(linker.link("Large VSD.")));
    assertEquals(Tier.ACRONYM, linker.link("Two VSDs.").get(0).tier());
    assertEquals(List.of(), linker.link("asd vsd"));
  }

  @Test
  void aNameOfSeveralTermsGivesOneMentionPerTerm() {
    PhenotypeDictionary d = PhenotypeDictionary.of(List.of(
        new DictionaryEntry("HP:1", "Shared name", Tier.EXACT),
        new DictionaryEntry("HP:2", "Shared name", Tier.EXACT),
        new DictionaryEntry("HP:3", "Shared name", Tier.RELATED)), AmbiguityFilter.none());
    List<Mention> ms = PhenotypeLinker.of(d).link("a shared name");
    assertEquals(List.of("HP:1", "HP:2"), ids(ms));
    assertEquals(ms.get(0).start(), ms.get(1).start());
  }

  @Test
  void emptyAndPunctuationOnlyTexts() {
    assertEquals(List.of(), linker.link(""));
    assertEquals(List.of(), linker.link(null));
    assertEquals(List.of(), linker.link(" (--) "));
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(linker);
    }
    PhenotypeLinker copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (PhenotypeLinker) in.readObject();
    }
    assertNotSame(linker, copy);
    String text = "No pneumothorax. Ventricular septal defect (VSD); VSD closed.";
    assertEquals(linker.link(text), copy.link(text));
  }

  @Test
  void isThreadSafe() throws Exception {
    String[] texts = {"Cardiomegaly and pleural effusions.", "No pneumonia.",
        "Atrial septal defect (ASD). ASD closure.", "Enlarged heart without edema."};
    List<List<Mention>> expected = java.util.Arrays.stream(texts).map(linker::link).toList();
    List<Boolean> ok = IntStream.range(0, 4000).parallel()
        .mapToObj(i -> linker.link(texts[i % 4]).equals(expected.get(i % 4))).toList();
    assertTrue(ok.stream().allMatch(b -> b));
  }
}
