package org.phenolip.kg.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NegationDetectorTest {
  private final PhenotypeLinker linker = PhenotypeLinker.of(Dictionaries.cardiacDictionary());

  /** "id:negated" per mention, in text order. */
  private List<String> flags(String text) {
    return linker.link(text).stream().map(m -> m.hpoId() + ":" + m.negated()).toList();
  }

  @Test
  void preNegationTriggers() {
    assertEquals(List.of("HP:0002107:true"), flags("No evidence of pneumothorax."));
    assertEquals(List.of("HP:0002107:true"), flags("Chest film without pneumothorax"));
    assertEquals(List.of("HP:0002090:true"), flags("Negative for pneumonia"));
    assertEquals(List.of("HP:0002107:true", "HP:0002202:true"),
        flags("No pneumothorax or pleural effusion."));
  }

  @Test
  void postNegationTriggers() {
    assertEquals(List.of("HP:0002090:true"), flags("Pneumonia was excluded."));
    assertEquals(List.of("HP:0002107:true"), flags("A pneumothorax was ruled out"));
    assertEquals(List.of("HP:0001541:true"), flags("Ascites is absent."));
    assertEquals(List.of("HP:0002202:true"), flags("Pleural effusions were not seen on CT"));
  }

  @Test
  void scopeEndsAtSentenceEnd() {
    assertEquals(List.of("HP:0002107:true", "HP:0002202:false"),
        flags("No pneumothorax. Pleural effusion on the left."));
    assertEquals(List.of("HP:0002107:false", "HP:0002202:true"),
        flags("Pneumothorax. Pleural effusion was excluded."));
  }

  @Test
  void scopeEndsAtConjunctionAndTerminators() {
    assertEquals(List.of("HP:0002107:true", "HP:0001640:false"),
        flags("No pneumothorax but cardiomegaly"));
    assertEquals(List.of("HP:0002107:false", "HP:0001541:true"),
        flags("Pneumothorax, however ascites was excluded"));
  }

  @Test
  void pseudoNegationDoesNotNegate() {
    assertEquals(List.of("HP:0002202:false"), flags("No change in the pleural effusion."));
    assertEquals(List.of("HP:0001640:false"), flags("Not only cardiomegaly"));
    assertEquals(List.of("HP:0002202:false"), flags("No increase of pleural effusion"));
  }

  @Test
  void windowLimitsTheScope() {
    assertEquals(List.of("HP:0002202:false"),
        flags("No contrast was given to the patient in the first study owing to pleural effusion"));
  }

  @Test
  void triggerInsideAPhenotypeNameIsNotATrigger() {
    assertEquals(List.of("HP:0001339:false"), flags("MRI shows absent septum pellucidum"));
    assertEquals(List.of("HP:0001339:true"), flags("No absent septum pellucidum"));
  }
}
