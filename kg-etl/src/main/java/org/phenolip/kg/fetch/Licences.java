package org.phenolip.kg.fetch;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code license_code}s a fetch keeps. The default is the commercial-reuse set, the
 * licences PMC's text-mining page put in the legacy {@code oa_comm} group: CC0, CC BY, CC BY-SA,
 * CC BY-ND. A model trained on PhenoKG may be used commercially, and these four allow it; the
 * NC licences, {@code TDM} (author manuscripts, fair use) and articles without a code do not.
 * {@code all} keeps every open-access article whatever its code.
 */
public record Licences(Set<String> allowed, boolean all) implements Serializable {
  public static final Set<String> COMMERCIAL = Set.of("CC0", "CC BY", "CC BY-SA", "CC BY-ND");
  public static final Licences DEFAULT = new Licences(COMMERCIAL, false);

  /** {@code "CC0,CC BY"} / {@code commercial} / {@code all}. */
  public static Licences parse(String spec) {
    if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("commercial")) return DEFAULT;
    if (spec.strip().equalsIgnoreCase("all")) return new Licences(Set.of(), true);
    Set<String> s = new LinkedHashSet<>();
    for (String p : spec.split(",")) if (!p.isBlank()) s.add(norm(p));
    return new Licences(Set.copyOf(s), false);
  }

  public boolean allows(String code) {
    return all || code != null && allowed.contains(norm(code));
  }

  private static String norm(String code) {
    return code.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return all ? "all" : String.join(",", new java.util.TreeSet<>(allowed));
  }
}
