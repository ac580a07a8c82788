package org.phenolip.kg.ontology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A term as a reader found it, before the ontology checks and completes it. Public for the
 * readers outside this package (the OWL reader in the Jena layer); mutable while it is read.
 */
public final class TermDraft {
  public final String id;
  /** Where the term starts in its file, for error messages. */
  public final String where;
  public String label;
  public String definition;
  public final List<Synonym> synonyms = new ArrayList<>();
  public final List<String> xrefs = new ArrayList<>();
  /** is_a parent id → where that edge was stated. */
  public final Map<String, String> parents = new LinkedHashMap<>();
  public final List<String> altIds = new ArrayList<>();
  public final List<String> replacedBy = new ArrayList<>();
  public final List<String> consider = new ArrayList<>();
  public boolean obsolete;

  public TermDraft(String id, String where) {
    this.id = id;
    this.where = where;
  }

  public void addParent(String parent, String edgeWhere) {
    parents.putIfAbsent(parent, edgeWhere);
  }
}
