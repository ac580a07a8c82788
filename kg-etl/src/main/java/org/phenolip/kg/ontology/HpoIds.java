package org.phenolip.kg.ontology;

import java.util.Locale;
import java.util.regex.Pattern;

/** HPO identifiers in their three spellings: {@code HP:0000118}, {@code HP_0000118}, OBO PURL. */
public final class HpoIds {
  public static final String OBO_PREFIX = "http://purl.obolibrary.org/obo/";
  private static final Pattern CURIE = Pattern.compile("HP:\\d{7}");
  private static final Pattern LOOSE = Pattern.compile("(?i)(?:" + Pattern.quote(OBO_PREFIX) + ")?HP[:_](\\d+)");

  private HpoIds() {}

  /** True for a well-formed {@code HP:nnnnnnn} id. */
  public static boolean isHpo(String id) {
    return id != null && CURIE.matcher(id).matches();
  }

  /**
   * {@code HP:0000118} for any of {@code HP:0000118}, {@code hp_0000118}, the OBO PURL;
   * null when the text is not an HP id.
   */
  public static String normalize(String text) {
    if (text == null) return null;
    String t = text.trim();
    if (isHpo(t)) return t;
    var m = LOOSE.matcher(t);
    if (!m.matches() || m.group(1).length() > 7) return null;
    return "HP:" + "0".repeat(7 - m.group(1).length()) + m.group(1);
  }

  /** CURIE from an OBO PURL of any prefix ({@code .../obo/HP_0000118} → {@code HP:0000118}). */
  public static String curieOfIri(String iri) {
    if (iri == null || !iri.startsWith(OBO_PREFIX)) return iri;
    String local = iri.substring(OBO_PREFIX.length());
    int u = local.indexOf('_');
    return u > 0 && local.indexOf('/') < 0 ? local.substring(0, u) + ":" + local.substring(u + 1) : iri;
  }

  /** OBO PURL of a CURIE ({@code HP:0000118} → {@code http://purl.obolibrary.org/obo/HP_0000118}). */
  public static String iri(String curie) {
    return OBO_PREFIX + curie.replace(':', '_');
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
