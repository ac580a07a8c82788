package org.phenolip.train.stage1;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class OntologyPairsLeakTest {
  @Test
  void heldOutSynonymsFoundInTrainingTextAreDropped() {
    var pairs = List.of(
        new OntologyPairs.TextPair("Atrial septal defect", "A hole in the heart wall between the atria.", "HP:1", OntologyPairs.Kind.DEFINITION),
        new OntologyPairs.TextPair("Pneumonia", "Lung infection", "HP:2", OntologyPairs.Kind.SYNONYM));
    var held = List.of(new OntologyPairs.HeldOut("Hole in the heart-wall", "HP:1"), // occurs, up to case and punctuation
        new OntologyPairs.HeldOut("ASD", "HP:1"), // does not occur
        new OntologyPairs.HeldOut("lung", "HP:2"), // occurs as a whole word
        new OntologyPairs.HeldOut("Lung inf", "HP:2")); // a prefix of a word only: kept
    var kept = OntologyPairs.withoutLeaks(held, pairs);
    assertEquals(List.of("ASD", "Lung inf"), kept.stream().map(OntologyPairs.HeldOut::synonym).toList());
  }
}
