package org.phenolip.kg.ontology;

import java.util.Locale;
import java.util.Objects;

/** A synonym of an HPO term with its OBO scope (row layout: core PhenoKg.SYNONYM). */
public record Synonym(String text, Scope scope) implements Comparable<Synonym> {

  /** OBO synonym scopes; {@link #key()} is the value stored in Parquet. */
  public enum Scope {
    EXACT, RELATED, BROAD, NARROW;

    public String key() { return name().toLowerCase(Locale.ROOT); }

    /** OBO keyword (EXACT...) or Parquet key (exact...); null when not a scope. */
    public static Scope parse(String s) {
      for (Scope v : values()) {
        if (v.name().equalsIgnoreCase(s)) return v;
      }
      return null;
    }
  }

  public Synonym {
    Objects.requireNonNull(text, "synonym text");
    Objects.requireNonNull(scope, "synonym scope");
  }

  @Override
  public int compareTo(Synonym o) {
    int c = text.compareTo(o.text);
    return c != 0 ? c : scope.compareTo(o.scope);
  }
}
