package org.phenolip.kg.fetch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The diff of a listing (inventory or per-PMCID listing) against the fetch log, by (Key, ETag):
 * for the latest listed version of each PMCID, a key the log lacks is {@code new}, a different ETag
 * is {@code changed}, a failed one is retried; versions the log holds as fetched that are no longer
 * the latest are {@code superseded}; and, when the listing is complete (an inventory), versions the
 * log holds that are no longer listed are {@code removed}. Versions skipped by licence are
 * rechecked when the licence filter now allows their code (from the mirror's JSON copy: no request).
 */
public record FetchPlan(List<WorkItem> toFetch, long unchanged, long limitedOut, List<VersionResult> marks, Map<String, Long> changes) {

  public static FetchPlan of(List<Inventory.Entry> listed, Map<String, LogState> log, boolean completeListing, Licences licences,
      int limit) {
    // latest listed version per PMCID
    Map<String, VersionKey> latest = new HashMap<>();
    Map<String, Inventory.Entry> byKey = new HashMap<>();
    for (Inventory.Entry e : listed) {
      VersionKey v = VersionKey.ofKey(e.key());
      if (v == null || !e.key().startsWith(Mirror.METADATA + "/") || !e.key().endsWith(".json")) continue;
      byKey.put(e.key(), e);
      latest.merge(v.pmcid(), v, (a, b) -> a.version() >= b.version() ? a : b);
    }
    List<WorkItem> work = new ArrayList<>();
    List<VersionResult> marks = new ArrayList<>();
    Map<String, Long> changes = new TreeMap<>();
    long unchanged = 0;
    for (Map.Entry<String, Inventory.Entry> en : byKey.entrySet()) {
      Inventory.Entry e = en.getValue();
      VersionKey v = VersionKey.ofKey(e.key());
      LogState prev = log.get(e.key());
      if (!latest.get(v.pmcid()).equals(v)) {
        if (prev != null && isLive(prev.status())) {
          marks.add(VersionResult.mark(prev, VersionResult.SUPERSEDED, "newer version " + latest.get(v.pmcid()).name()));
          changes.merge("superseded", 1L, Long::sum);
        }
        continue;
      }
      String change;
      if (prev == null || prev.status().equals(VersionResult.REMOVED) || prev.status().equals(VersionResult.SUPERSEDED)) change = "new";
      else if (!java.util.Objects.equals(prev.etag(), e.etag())) change = "changed";
      else if (prev.status().equals(VersionResult.FAILED)) change = "retry";
      else if (prev.status().equals(VersionResult.SKIPPED) && "licence".equals(prev.reason()) && licences.allows(prev.license())) {
        change = "recheck";
      } else {
        unchanged++;
        continue;
      }
      changes.merge(change, 1L, Long::sum);
      work.add(new WorkItem(v, e.key(), e.etag(), e.lastModified(), change));
    }
    if (completeListing) {
      for (LogState prev : log.values()) {
        if (!byKey.containsKey(prev.key()) && !prev.status().equals(VersionResult.REMOVED)) {
          marks.add(VersionResult.mark(prev, VersionResult.REMOVED, "not in the inventory"));
          changes.merge("removed", 1L, Long::sum);
        }
      }
    }
    work.sort(Comparator.comparing(WorkItem::version));
    marks.sort(Comparator.comparing(VersionResult::key));
    long cut = 0;
    if (limit > 0 && work.size() > limit) {
      cut = work.size() - limit;
      work = new ArrayList<>(work.subList(0, limit));
    }
    return new FetchPlan(List.copyOf(work), unchanged, cut, List.copyOf(marks), changes);
  }

  /** Statuses whose files a build may read or that still stand for a listed version. */
  static boolean isLive(String status) {
    return status.equals(VersionResult.FETCHED) || status.equals(VersionResult.SKIPPED) || status.equals(VersionResult.RETRACTED)
        || status.equals(VersionResult.FAILED);
  }
}
