package org.phenolip.kg.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AbbreviationDetectorTest {
  private final AbbreviationDetector detector = AbbreviationDetector.get();
  private final PhenotypeLinker linker = PhenotypeLinker.of(Dictionaries.cardiacDictionary());

  @Test
  void longFormThenShortForm() {
    String text = "Echo shows a ventricular septal defect (VSD) below the valve.";
    List<AbbreviationDetector.Abbreviation> as = detector.detect(text);
    assertEquals(1, as.size());
    AbbreviationDetector.Abbreviation a = as.get(0);
    assertEquals("VSD", a.shortForm());
    assertEquals("ventricular septal defect", a.longForm());
    assertEquals(text.indexOf("ventricular"), a.longStart());
    assertEquals(text.indexOf(" (VSD)"), a.longEnd());
    assertEquals(text.indexOf("VSD"), a.shortStart());
  }

  @Test
  void shortFormThenLongForm() {
    List<AbbreviationDetector.Abbreviation> as = detector.detect("The VSD (ventricular septal defect) is large.");
    assertEquals(1, as.size());
    assertEquals("VSD", as.get(0).shortForm());
    assertEquals("ventricular septal defect", as.get(0).longForm());
  }

  @Test
  void notAbbreviations() {
    assertTrue(detector.detect("Lesion in the liver (arrow) and spleen (left).").isEmpty());
    assertTrue(detector.detect("Axial MRI (coronal view).").isEmpty());
    assertTrue(detector.detect("Figure (A)").isEmpty());
    assertTrue(detector.detect("Unclosed (VSD").isEmpty());
    assertFalse(AbbreviationDetector.isShortForm("arrow"));
    assertTrue(AbbreviationDetector.isShortForm("T2W"));
  }

  @Test
  void shortFormIsLinkedLaterInTheText() {
    // "PHX" is no dictionary name: only the in-text definition links it.
    PhenotypeDictionary d = PhenotypeDictionary.of(List.of(
        new DictionaryEntry("HP:0002107", "Pneumothorax", Tier.LABEL)), AmbiguityFilter.none());
    String text = "Right pneumothorax (PHX). After drainage the PHX resolved; PHXs recur.";
    List<Mention> ms = PhenotypeLinker.of(d).link(text);
    assertEquals(3, ms.size(), ms.toString());
    assertEquals(Tier.LABEL, ms.get(0).tier());
    assertEquals(Tier.ABBREVIATION, ms.get(1).tier());
    assertEquals("PHX", ms.get(1).matchedText());
    assertEquals(text.lastIndexOf("PHX resolved"), ms.get(1).start());
    assertTrue(ms.get(1).negated(), "'PHX resolved' is negated by the post-trigger");
    assertEquals("PHXs", ms.get(2).matchedText());
    assertEquals(Tier.ABBREVIATION.confidence(), ms.get(2).confidence());
  }

  @Test
  void definitionOverridesTheDictionaryAcronym() {
    // ASD is Atrial septal defect in the dictionary; this text defines it otherwise.
    String text = "Children with autism spectrum disorder (ASD). ASD cohort MRI.";
    List<Mention> ms = linker.link(text);
    assertEquals(List.of("HP:0000729", "HP:0000729"), PhenotypeLinkerTest.ids(ms));
    assertEquals(List.of(Tier.RELATED, Tier.ABBREVIATION), ms.stream().map(Mention::tier).toList());
    // Defined as something outside the dictionary: the acronym is not linked at all.
    assertEquals(List.of(), linker.link("Data of the American Society of Dermatology (ASD). ASD guidelines."));
    // Not defined: the dictionary's acronym stands.
    assertEquals(List.of("HP:0001631"), PhenotypeLinkerTest.ids(linker.link("Secundum ASD.")));
  }

  @Test
  void definedShortFormUpgradesTheAcronymTier() {
    List<Mention> ms = linker.link("Ventricular septal defect (VSD). Closure of the VSD.");
    assertEquals(List.of(Tier.LABEL, Tier.ABBREVIATION), ms.stream().map(Mention::tier).toList());
    assertEquals("VSD", ms.get(1).matchedText());
  }
}
