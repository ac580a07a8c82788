package org.phenolip.kg.ontology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.phenolip.core.schema.AnatomicalSystem;

/**
 * The Human Phenotype Ontology as an immutable, checked graph of {@link Phenotype}s.
 *
 * <p>Built by {@link OntologyLoader} from obographs JSON, OBO or OWL; construction rejects a
 * duplicate id, an is_a parent that is not defined, and an is_a cycle, naming the term and
 * where it is in the file. Only {@code HP:} classes are kept; is_a links to other
 * ontologies' classes are out of scope and dropped by the readers.
 *
 * <p>Derived columns:
 * <ul>
 *   <li>{@code depth}: length of the shortest is_a path from the term up to HP:0000001 "All"
 *       (HP:0000001 = 0, HP:0000118 = 1, its children = 2...). A term with no path to
 *       HP:0000001 (every obsolete term, or a file that lacks the root) has depth -1.
 *   <li>{@code systems}: every {@link AnatomicalSystem} category (direct child of HP:0000118)
 *       whose subtree holds the term, the category itself included, in the enum's
 *       declaration order. A term can be under several (e.g. a heart defect that is also a
 *       thoracic-cavity abnormality).
 *   <li>{@code system}, the partition key: the first of {@code systems} in declaration order,
 *       or {@code other} when there is none (HP:0000118 itself, modes of inheritance, clinical
 *       modifiers, frequencies, obsolete terms). Declaration order is fixed by core, so the
 *       choice is deterministic and the same across releases; multi-system terms remain
 *       findable through {@code systems}.
 * </ul>
 *
 * <p>Lookups accept an id in any spelling ({@code HP:0001631}, {@code HP_0001631}, PURL), an
 * alternative id (resolved to its primary id; a primary id wins over an alt id that
 * collides with it), or an exact label, case-insensitive (live terms win over obsolete).
 */
public final class Ontology {
  public static final String ROOT = "HP:0000001";

  private final String source;
  private final String version;
  private final Map<String, Phenotype> byId; // id order
  private final Map<String, String> altToPrimary;
  private final Map<String, List<String>> children;
  private final Map<String, List<String>> byLabel;
  private final Map<String, List<String>> consider;
  private final List<IsA> edges;
  private final List<Phenotype> live;

  private Ontology(String source, String version, Map<String, Phenotype> byId,
      Map<String, String> altToPrimary, Map<String, List<String>> children,
      Map<String, List<String>> byLabel, Map<String, List<String>> consider, List<IsA> edges) {
    this.source = source;
    this.version = version;
    this.byId = Collections.unmodifiableMap(byId);
    this.altToPrimary = Collections.unmodifiableMap(altToPrimary);
    this.children = Collections.unmodifiableMap(children);
    this.byLabel = Collections.unmodifiableMap(byLabel);
    this.consider = Collections.unmodifiableMap(consider);
    this.edges = List.copyOf(edges);
    this.live = byId.values().stream().filter(p -> !p.obsolete()).toList();
  }

  // ---------------------------------------------------------------- construction

  /** Checks and completes the drafts a reader produced. */
  static Ontology build(String file, String version, Collection<TermDraft> drafts) {
    Map<String, TermDraft> terms = new TreeMap<>();
    for (TermDraft d : drafts) {
      TermDraft first = terms.putIfAbsent(d.id, d);
      if (first != null) {
        throw new OntologyException(file, d.where, d.id,
            "duplicate id (first defined at " + first.where + ")");
      }
    }
    if (terms.isEmpty()) {
      throw new OntologyException(file, null, null, "no HP classes in the file");
    }
    for (TermDraft d : terms.values()) {
      for (Map.Entry<String, String> p : d.parents.entrySet()) {
        if (!terms.containsKey(p.getKey())) {
          throw new OntologyException(file, p.getValue(), d.id,
              "is_a parent " + p.getKey() + " is not defined in the file");
        }
      }
    }
    checkAcyclic(file, terms);

    Map<String, List<String>> children = new HashMap<>();
    List<IsA> edges = new ArrayList<>();
    for (TermDraft d : terms.values()) {
      for (String p : new TreeSet<>(d.parents.keySet())) {
        children.computeIfAbsent(p, k -> new ArrayList<>()).add(d.id);
        edges.add(new IsA(d.id, p));
      }
    }
    children.values().forEach(Collections::sort);
    Map<String, Integer> depth = depths(children, terms.keySet());
    Map<String, EnumMapList> systems = systems(children, terms);

    Map<String, Phenotype> byId = new LinkedHashMap<>();
    Map<String, String> alt = new HashMap<>();
    Map<String, List<String>> consider = new HashMap<>();
    for (TermDraft d : terms.values()) {
      List<String> replaced = sortedDistinct(d.replacedBy);
      List<String> cons = new ArrayList<>(d.consider);
      // The table holds one replaced_by; further replacements stay reachable as "consider".
      if (replaced.size() > 1) cons.addAll(replaced.subList(1, replaced.size()));
      if (!cons.isEmpty()) consider.put(d.id, sortedDistinct(cons));
      List<AnatomicalSystem> sys = systems.get(d.id).list;
      List<String> keys = sys.stream().map(AnatomicalSystem::key).toList();
      byId.put(d.id, new Phenotype(d.id, d.label, d.definition,
          new ArrayList<>(new TreeSet<>(d.synonyms)), sortedDistinct(d.xrefs),
          sortedDistinct(d.parents.keySet()), sortedDistinct(d.altIds), d.obsolete,
          replaced.isEmpty() ? null : replaced.get(0), depth.getOrDefault(d.id, -1), keys,
          keys.isEmpty() ? AnatomicalSystem.OTHER.key() : keys.get(0)));
      for (String a : d.altIds) {
        if (!terms.containsKey(a)) alt.putIfAbsent(a, d.id);
      }
    }
    Map<String, List<String>> byLabel = new HashMap<>();
    for (Phenotype p : byId.values()) {
      if (p.label() != null) byLabel.computeIfAbsent(HpoIds.lower(p.label()), k -> new ArrayList<>()).add(p.id());
    }
    // Live terms first, so a label shared with an obsolete term finds the live one.
    byLabel.values().forEach(ids -> ids.sort(Comparator.comparing((String i) -> byId.get(i).obsolete())));
    return new Ontology(file, version, byId, alt, children, byLabel, consider, edges);
  }

  private static List<String> sortedDistinct(Collection<String> c) {
    return new ArrayList<>(new TreeSet<>(c));
  }

  /** Depth-first search with an explicit stack; a grey node met again closes a cycle. */
  private static void checkAcyclic(String file, Map<String, TermDraft> terms) {
    Map<String, Integer> state = new HashMap<>(); // absent = white, 1 = on path, 2 = done
    for (String start : terms.keySet()) {
      if (state.containsKey(start)) continue;
      ArrayDeque<String> path = new ArrayDeque<>();
      ArrayDeque<java.util.Iterator<String>> its = new ArrayDeque<>();
      path.push(start);
      its.push(terms.get(start).parents.keySet().iterator());
      state.put(start, 1);
      while (!path.isEmpty()) {
        java.util.Iterator<String> it = its.peek();
        if (it.hasNext()) {
          String p = it.next();
          Integer s = state.get(p);
          if (s == null) {
            state.put(p, 1);
            path.push(p);
            its.push(terms.get(p).parents.keySet().iterator());
          } else if (s == 1) {
            List<String> cycle = new ArrayList<>();
            for (java.util.Iterator<String> d = path.descendingIterator(); d.hasNext(); ) {
              String n = d.next();
              if (!cycle.isEmpty() || n.equals(p)) cycle.add(n);
            }
            cycle.add(p);
            String child = path.peek();
            throw new OntologyException(file, terms.get(child).parents.get(p), child,
                "cyclic is_a: " + String.join(" is_a ", cycle));
          }
        } else {
          state.put(path.pop(), 2);
          its.pop();
        }
      }
    }
  }

  private static Map<String, Integer> depths(Map<String, List<String>> children, Set<String> ids) {
    Map<String, Integer> depth = new HashMap<>();
    if (!ids.contains(ROOT)) return depth;
    ArrayDeque<String> queue = new ArrayDeque<>();
    depth.put(ROOT, 0);
    queue.add(ROOT);
    while (!queue.isEmpty()) {
      String t = queue.poll();
      int d = depth.get(t);
      for (String c : children.getOrDefault(t, List.of())) {
        if (depth.putIfAbsent(c, d + 1) == null) queue.add(c);
      }
    }
    return depth;
  }

  /** Mutable holder so systems accumulate in declaration order. */
  private static final class EnumMapList {
    final List<AnatomicalSystem> list = new ArrayList<>(2);
  }

  private static Map<String, EnumMapList> systems(Map<String, List<String>> children,
      Map<String, TermDraft> terms) {
    Map<String, EnumMapList> out = new HashMap<>();
    terms.keySet().forEach(id -> out.put(id, new EnumMapList()));
    for (AnatomicalSystem s : AnatomicalSystem.values()) {
      if (s == AnatomicalSystem.OTHER || !terms.containsKey(s.hpoId())) continue;
      for (String id : closure(s.hpoId(), k -> children.getOrDefault(k, List.of()))) {
        out.get(id).list.add(s);
      }
    }
    return out;
  }

  /** The term and everything reachable from it through {@code next}, breadth first. */
  private static Set<String> closure(String start, Function<String, List<String>> next) {
    Set<String> seen = new LinkedHashSet<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    seen.add(start);
    queue.add(start);
    while (!queue.isEmpty()) {
      for (String n : next.apply(queue.poll())) {
        if (seen.add(n)) queue.add(n);
      }
    }
    return seen;
  }

  // ---------------------------------------------------------------- whole-ontology views

  /** The file this ontology was read from. */
  public String source() { return source; }

  /** The release version stated in the file (obographs meta.version, OBO data-version, OWL versionIRI/versionInfo), or null. */
  public String version() { return version; }

  /** Every HP class, obsolete ones included, in id order. */
  public Collection<Phenotype> terms() { return byId.values(); }

  /** Non-obsolete HP classes, in id order. */
  public List<Phenotype> liveTerms() { return live; }

  /** is_a edges between HP classes, ordered by child then parent. */
  public List<IsA> edges() { return edges; }

  public int obsoleteCount() { return byId.size() - live.size(); }

  /**
   * Live terms in each category's subtree (the category itself included), for the 23
   * categories under HP:0000118; a term under several categories counts in each.
   */
  public Map<AnatomicalSystem, Integer> systemCounts() {
    Map<AnatomicalSystem, Integer> counts = new EnumMap<>(AnatomicalSystem.class);
    for (AnatomicalSystem s : AnatomicalSystem.values()) {
      if (s != AnatomicalSystem.OTHER) counts.put(s, 0);
    }
    for (Phenotype p : live) {
      for (String k : p.systems()) counts.merge(AnatomicalSystem.byKey(k).orElseThrow(), 1, Integer::sum);
    }
    return counts;
  }

  /** Live terms per partition key ({@link Phenotype#system()}); sums to {@code liveTerms().size()}. */
  public Map<String, Integer> partitionCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Phenotype p : live) counts.merge(p.system(), 1, Integer::sum);
    return counts;
  }

  // ---------------------------------------------------------------- term lookups

  /** The term with this id or alternative id (any id spelling). */
  public Optional<Phenotype> term(String id) {
    String n = HpoIds.normalize(id);
    if (n == null) return Optional.empty();
    Phenotype p = byId.get(n);
    if (p == null && altToPrimary.containsKey(n)) p = byId.get(altToPrimary.get(n));
    return Optional.ofNullable(p);
  }

  /** All terms whose label equals {@code label} ignoring case, live ones first. */
  public List<Phenotype> byLabel(String label) {
    return byLabel.getOrDefault(HpoIds.lower(label.trim()), List.of()).stream().map(byId::get).toList();
  }

  /** A term by id, alternative id or exact label (case-insensitive). */
  public Optional<Phenotype> resolve(String idOrLabel) {
    Optional<Phenotype> p = term(idOrLabel);
    return p.isPresent() ? p : byLabel(idOrLabel).stream().findFirst();
  }

  /**
   * Like {@link #resolve} but fails with an {@link OntologyException} "no HPO term X (did
   * you mean ...)" when nothing matches.
   */
  public Phenotype require(String idOrLabel) {
    return resolve(idOrLabel).orElseThrow(() -> {
      List<Phenotype> close = suggest(idOrLabel, 3);
      String hint = close.isEmpty() ? "" : " (did you mean " + String.join(", ",
          close.stream().map(p -> p.id() + " " + p.label()).toList()) + "?)";
      return new OntologyException(source, null, null, "no HPO term " + idOrLabel + hint);
    });
  }

  /** The close spellings of an unknown id or label: smallest edit distance first. */
  public List<Phenotype> suggest(String query, int max) {
    String q = query.trim();
    String id = HpoIds.normalize(q);
    record Scored(Phenotype p, int d) {}
    List<Scored> scored = new ArrayList<>();
    if (id != null || q.toUpperCase().startsWith("HP")) {
      String target = id != null ? id : q.toUpperCase();
      for (Phenotype p : byId.values()) {
        int d = Levenshtein.distance(target, p.id(), 2);
        if (d <= 2) scored.add(new Scored(p, d));
      }
    } else {
      String lq = HpoIds.lower(q);
      int limit = Math.max(2, lq.length() / 4);
      for (Phenotype p : live) {
        if (p.label() == null) continue;
        int d = Levenshtein.distance(lq, HpoIds.lower(p.label()), limit);
        if (d <= limit) scored.add(new Scored(p, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::d).thenComparing(s -> s.p().obsolete())
        .thenComparing(s -> s.p().id()));
    return scored.stream().limit(max).map(Scored::p).toList();
  }

  /** OBO "consider" suggestions for an obsolete term (and extra replaced_by targets). */
  public List<String> consider(String id) {
    return term(id).map(p -> consider.getOrDefault(p.id(), List.of())).orElse(List.of());
  }

  // ---------------------------------------------------------------- hierarchy queries

  /** Direct is_a parents, in id order. */
  public List<Phenotype> parents(String idOrLabel) {
    return require(idOrLabel).parents().stream().map(byId::get).toList();
  }

  /** Direct is_a children, in id order. */
  public List<Phenotype> children(String idOrLabel) {
    return children.getOrDefault(require(idOrLabel).id(), List.of()).stream().map(byId::get).toList();
  }

  /** Every is_a ancestor (the term excluded), root first: by depth, then id. */
  public List<Phenotype> ancestors(String idOrLabel) {
    return byDepth(ancestorIds(require(idOrLabel).id()));
  }

  /** Every is_a descendant (the term excluded), nearest first: by depth, then id. */
  public List<Phenotype> descendants(String idOrLabel) {
    return byDepth(descendantIds(require(idOrLabel).id()));
  }

  /** Ids of every ancestor of a (primary or alternative) id, the term excluded. */
  public Set<String> ancestorIds(String id) {
    Phenotype p = require(id);
    Set<String> s = closure(p.id(), k -> byId.get(k).parents());
    s.remove(p.id());
    return Collections.unmodifiableSet(s);
  }

  /** Ids of every descendant of a (primary or alternative) id, the term excluded. */
  public Set<String> descendantIds(String id) {
    Phenotype p = require(id);
    Set<String> s = closure(p.id(), k -> children.getOrDefault(k, List.of()));
    s.remove(p.id());
    return Collections.unmodifiableSet(s);
  }

  /** True when {@code ancestor} is {@code term} or one of its ancestors. */
  public boolean isA(String term, String ancestor) {
    Phenotype t = require(term);
    Phenotype a = require(ancestor);
    return t.id().equals(a.id()) || ancestorIds(t.id()).contains(a.id());
  }

  /** The categories the term is under (see the class comment); empty for {@code other}. */
  public List<AnatomicalSystem> systemsOf(String idOrLabel) {
    return require(idOrLabel).systems().stream()
        .map(k -> AnatomicalSystem.byKey(k).orElseThrow()).toList();
  }

  private List<Phenotype> byDepth(Set<String> ids) {
    return ids.stream().map(byId::get)
        .sorted(Comparator.comparingInt(Phenotype::depth).thenComparing(Phenotype::id)).toList();
  }
}
