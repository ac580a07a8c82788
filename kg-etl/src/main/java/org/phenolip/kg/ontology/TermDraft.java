package org.phenolip.kg.ontology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A term as a reader found it, before the ontology checks and completes it. */
final class TermDraft {
  final String id;
  /** Where the term starts in its file, for error messages. */
  final String where;
  String label;
  String definition;
  final List<Synonym> synonyms = new ArrayList<>();
  final List<String> xrefs = new ArrayList<>();
  /** is_a parent id → where that edge was stated. */
  final Map<String, String> parents = new LinkedHashMap<>();
  final List<String> altIds = new ArrayList<>();
  final List<String> replacedBy = new ArrayList<>();
  final List<String> consider = new ArrayList<>();
  boolean obsolete;

  TermDraft(String id, String where) {
    this.id = id;
    this.where = where;
  }

  void addParent(String parent, String edgeWhere) {
    parents.putIfAbsent(parent, edgeWhere);
  }
}
