package org.phenolip.train.stage1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.phenolip.model.encode.PhenolipEncoder;

/**
 * Did stage 1 learn the ontology? Held-out synonym → term retrieval (top-1 and top-10 over
 * every training term's label, with Wilson 95% intervals and the chance level; synonyms that
 * occur verbatim in training text are dropped, {@link OntologyPairs#withoutLeaks}) and the mean cosine of parent–child label pairs against random
 * label pairs, the same measures before and after training.
 */
public final class OntologyProbe {
  private OntologyProbe() {}

  public static Map<String, Double> measure(PhenolipEncoder enc, OntologyPairs data, long seed) {
    List<OntologyPairs.Term> terms = new ArrayList<>(data.terms().values());
    terms.sort((a, b) -> a.id().compareTo(b.id()));
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++) index.put(terms.get(i).id(), i);
    float[][] labels = enc.embedTexts(terms.stream().map(OntologyPairs.Term::label).toList());

    Map<String, Double> out = new LinkedHashMap<>();
    List<OntologyPairs.HeldOut> held = data.heldOut();
    if (!held.isEmpty()) {
      float[][] q = enc.embedTexts(held.stream().map(OntologyPairs.HeldOut::synonym).toList());
      int top1 = 0;
      int top10 = 0;
      for (int i = 0; i < q.length; i++) {
        int target = index.get(held.get(i).termId());
        double t = dot(q[i], labels[target]);
        int higher = 0;
        for (float[] l : labels) if (dot(q[i], l) > t) higher++;
        if (higher == 0) top1++;
        if (higher < 10) top10++;
      }
      out.put("heldout_synonyms", (double) q.length);
      out.put("synonym_to_term_top1", (double) top1 / q.length);
      double[] w1 = org.phenolip.core.stats.Wilson.interval(top1, q.length), w10 = org.phenolip.core.stats.Wilson.interval(top10, q.length);
      out.put("synonym_to_term_top1_ci95_lo", w1[0]);
      out.put("synonym_to_term_top1_ci95_hi", w1[1]);
      out.put("synonym_to_term_top1_chance", 1.0 / labels.length);
      out.put("synonym_to_term_top10", (double) top10 / q.length);
      out.put("synonym_to_term_top10_ci95_lo", w10[0]);
      out.put("synonym_to_term_top10_ci95_hi", w10[1]);
      out.put("synonym_to_term_top10_chance", Math.min(10.0, labels.length) / labels.length);
      out.put("candidate_terms", (double) labels.length);
    }
    double parentChild = 0;
    int pcCount = 0;
    for (OntologyPairs.Term t : terms) {
      for (String p : t.parents()) {
        Integer j = index.get(p);
        if (j == null) continue;
        parentChild += dot(labels[index.get(t.id())], labels[j]);
        pcCount++;
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double random = 0;
    int n = Math.max(1, pcCount);
    for (int k = 0; k < n; k++) random += dot(labels[rnd.nextInt(labels.length)], labels[rnd.nextInt(labels.length)]);
    out.put("parent_child_cosine", pcCount == 0 ? Double.NaN : parentChild / pcCount);
    out.put("random_pair_cosine", random / n);
    out.put("parent_child_pairs", (double) pcCount);
    return out;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
