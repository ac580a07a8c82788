package org.phenolip.train.stage1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.phenolip.train.stage1.OntologyPairs.HeldOutEdge;
import org.phenolip.train.stage1.OntologyPairs.Term;

/**
 * Which terms and is_a edges stage 1 never trains on, chosen from the seed alone (candidates
 * sorted by id, then shuffled), so two runs with one seed hold out the same ones whatever the
 * input order.
 */
final class OntologyHoldout {
  /** Below this many held-out items an interval says nothing; capped at half the candidates. */
  static final int MIN_HELD_OUT = 3;
  private static final long TERM_SALT = 0x5eedL, EDGE_SALT = 0xed9eL;

  private OntologyHoldout() {}

  /**
   * Leaves only (no term of the set names them as parent), so removing one cuts no path, and
   * only terms with a labelled parent in the set: roots, system roots included, never qualify.
   */
  static List<String> terms(List<Term> terms, Map<String, Term> byId, double share, long seed) {
    Set<String> parents = new HashSet<>();
    for (Term t : terms) parents.addAll(t.parents());
    List<String> eligible = new ArrayList<>();
    for (Term t : terms) {
      if (blank(t.label()) || parents.contains(t.id())) continue;
      if (t.parents().stream().anyMatch(p -> byId.containsKey(p) && !blank(byId.get(p).label()))) eligible.add(t.id());
    }
    Collections.sort(eligible);
    return pick(eligible, share, seed ^ TERM_SALT);
  }

  /** Edges whose child and parent both stay in training, each edge once. */
  static List<HeldOutEdge> edges(List<Term> terms, Map<String, Term> byId, Set<String> heldTerms, double share, long seed) {
    Set<HeldOutEdge> eligible = new HashSet<>();
    for (Term t : terms) {
      if (blank(t.label()) || heldTerms.contains(t.id())) continue;
      for (String p : t.parents()) {
        Term parent = byId.get(p);
        if (parent != null && !blank(parent.label()) && !heldTerms.contains(p)) eligible.add(new HeldOutEdge(t.id(), p));
      }
    }
    List<HeldOutEdge> sorted = new ArrayList<>(eligible);
    sorted.sort((a, b) -> a.childId().equals(b.childId()) ? a.parentId().compareTo(b.parentId()) : a.childId().compareTo(b.childId()));
    return pick(sorted, share, seed ^ EDGE_SALT);
  }

  static int count(double share, int eligible) {
    if (share <= 0 || eligible == 0) return 0;
    return Math.min(eligible / 2, Math.max(MIN_HELD_OUT, (int) Math.round(share * eligible)));
  }

  private static <T> List<T> pick(List<T> sortedEligible, double share, long seed) {
    List<T> shuffled = new ArrayList<>(sortedEligible);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = shuffled.size() - 1; i > 0; i--) Collections.swap(shuffled, i, rnd.nextInt(i + 1));
    return List.copyOf(shuffled.subList(0, count(share, shuffled.size())));
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
