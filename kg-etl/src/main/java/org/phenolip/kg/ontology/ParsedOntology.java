package org.phenolip.kg.ontology;

import java.util.List;

/** What a reader returns: the release version (or null) and the HP terms in file order. */
public record ParsedOntology(String version, List<TermDraft> terms) {}
