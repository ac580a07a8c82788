package org.phenolip.eval.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.phenolip.eval.metrics.Matching;
import org.phenolip.eval.metrics.Recall;
import org.phenolip.eval.metrics.ZeroShot;
import org.phenolip.eval.probe.LinearProbe;

/**
 * Everything measured for one model (null parts were not run). {@code probeChance}: per probe
 * dataset, the share of its test split's majority class (what a probe that learned nothing
 * scores). {@code overlap}: why this model's training data overlaps the benchmark (null: it does not).
 */
public record ModelScores(String name, String source, ZeroShot.Result zeroShot, Map<String, Recall> retrieval,
    Matching.Result matching, Map<String, LinearProbe.Result> probes, Map<String, Double> probeChance,
    String overlap, double embedSeconds, int embedded) {

  public ModelScores withOverlap(String why) {
    return new ModelScores(name, source, zeroShot, retrieval, matching, probes, probeChance, why, embedSeconds, embedded);
  }

  public ModelScores withName(String n) {
    return new ModelScores(n, source, zeroShot, retrieval, matching, probes, probeChance, overlap, embedSeconds, embedded);
  }

  /**
   * Every headline score as one flat, ordered map (key → fraction), the unit that seed groups
   * average and the ablation differences pair: {@code zero_shot/<system|micro|macro>/top1|top5},
   * {@code retrieval/<task>/r<K>}, {@code matching/<score>}, {@code probe/<dataset>/<fraction>}.
   */
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    if (zeroShot != null) {
      for (String k : new String[] {"top1", "top5"}) {
        m.put("zero_shot/micro/" + k, k.equals("top1") ? zeroShot.overall().top1() : zeroShot.overall().top5());
        m.put("zero_shot/macro/" + k, k.equals("top1") ? zeroShot.average().top1() : zeroShot.average().top5());
        zeroShot.perSystem().forEach((s, a) -> m.put("zero_shot/" + s + "/" + k, k.equals("top1") ? a.top1() : a.top5()));
        zeroShot.splits().forEach((s, a) -> m.put("zero_shot/" + s + "/" + k, k.equals("top1") ? a.top1() : a.top5()));
      }
    }
    if (retrieval != null) retrieval.forEach((t, r) -> {
      for (int k : Recall.KS) m.put("retrieval/" + t + "/r" + k, r.at(k));
    });
    if (matching != null) for (String s : Matching.SCORES) m.put("matching/" + s, matching.value(s));
    if (probes != null) probes.forEach((d, r) -> {
      for (LinearProbe.Point p : r.points()) m.put("probe/" + d + "/" + LinearProbe.percent(p.fraction()), p.mean());
    });
    return m;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("source", source);
    if (overlap != null) m.put("training_overlaps_bench", overlap);
    m.put("zero_shot", zeroShot == null ? null : zeroShot.toJson());
    if (retrieval != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      retrieval.forEach((k, v) -> r.put(k, v.toJson()));
      m.put("retrieval", r);
    } else {
      m.put("retrieval", null);
    }
    m.put("matching", matching == null ? null : matching.toJson());
    Map<String, Object> p = new LinkedHashMap<>();
    if (probes != null) probes.forEach((k, v) -> {
      Map<String, Object> j = v.toJson();
      if (probeChance != null && probeChance.containsKey(k)) j.put("chance_majority_class", probeChance.get(k));
      p.put(k, j);
    });
    m.put("linear_probe", p);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("embedded_items", embedded);
    t.put("embed_seconds", embedSeconds);
    m.put("timing", t);
    return m;
  }
}
