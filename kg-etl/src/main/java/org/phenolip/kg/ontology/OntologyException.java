package org.phenolip.kg.ontology;

/**
 * Bad ontology input: names the file, where in it (OBO line, JSON line/char offset) and the
 * term when there is one. Unchecked and an {@link IllegalArgumentException}, so the CLI
 * prints the message rather than a stack trace.
 */
public class OntologyException extends IllegalArgumentException {
  private final String file;
  private final String where;
  private final String term;

  public OntologyException(String file, String where, String term, String message) {
    this(file, where, term, message, null);
  }

  public OntologyException(String file, String where, String term, String message, Throwable cause) {
    super(compose(file, where, term, message), cause);
    this.file = file;
    this.where = where;
    this.term = term;
  }

  private static String compose(String file, String where, String term, String message) {
    StringBuilder b = new StringBuilder();
    if (file != null) b.append(file).append(": ");
    if (where != null) b.append(where).append(": ");
    if (term != null) b.append("term ").append(term).append(": ");
    return b.append(message).toString();
  }

  /** The input file name. */
  public String file() { return file; }

  /** Location in the file ("line 12", "line 3, char offset 517"), or null. */
  public String where() { return where; }

  /** The HPO id concerned, or null. */
  public String term() { return term; }
}
