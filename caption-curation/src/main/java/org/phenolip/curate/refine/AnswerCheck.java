package org.phenolip.curate.refine;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks an LLM's refined subcaption against its input before it replaces the rule-refined text.
 * A refinement only removes clutter, so the answer must be non-empty, at most 25% + 20 characters
 * longer than the input, keep at least one of the input's phenotype links (when it had any), and
 * add no phenotype the input does not mention. Phenotypes are found by the same linker that links
 * the subcaption (negated mentions count as their normal-finding class, {@code NOT:HP:...}, so a
 * negation the answer drops or adds is a changed phenotype).
 */
public final class AnswerCheck {
  private final Function<String, Set<String>> phenotypes;

  /** @param phenotypes the phenotype classes a text mentions (HPO ids; negated ones as NOT:HP:...) */
  public AnswerCheck(Function<String, Set<String>> phenotypes) {
    this.phenotypes = phenotypes;
  }

  /** Null when the answer is acceptable, else a reason code: empty-answer, too-long, dropped-phenotypes, added-phenotype. */
  public String problem(String input, Set<String> inputPhenotypes, String answer) {
    if (answer == null || answer.isBlank()) return "empty-answer";
    if (answer.length() > input.length() * 1.25 + 20) return "too-long";
    Set<String> found = phenotypes.apply(answer);
    if (!inputPhenotypes.isEmpty()) {
      Set<String> kept = new HashSet<>(found);
      kept.retainAll(inputPhenotypes);
      if (kept.isEmpty()) return "dropped-phenotypes";
    }
    Set<String> added = new HashSet<>(found);
    added.removeAll(inputPhenotypes);
    added.removeAll(phenotypes.apply(input));
    return added.isEmpty() ? null : "added-phenotype";
  }
}
