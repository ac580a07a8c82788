package org.phenolip.kg.ontology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OBO flat files, 1.2 and 1.4 ({@code hp.obo}). Reads the {@code [Term]} stanzas' id, name,
 * def (quoted, with its xref list), synonym ("text" SCOPE [type] [xrefs]; the 1.2 tags
 * exact_synonym, related_synonym, broad_synonym, narrow_synonym too), xref, is_a, alt_id,
 * is_obsolete, replaced_by and consider; {@code ! comments} and trailing {@code {modifiers}}
 * are dropped and backslash escapes undone. Other stanzas ([Typedef], [Instance]) and tags
 * are skipped. A file that does not end with a line break is reported as truncated: OBO
 * writers always end the last line, and a cut line would otherwise read as a shorter value.
 */
final class OboReader {
  private final String file;
  private final List<TermDraft> terms = new ArrayList<>();
  private String version;
  private TermDraft current;       // the [Term] being read, null outside one
  private boolean inTerm;          // inside a [Term] stanza (id not seen yet: current == null)
  private int stanzaLine;
  private int lineNo;

  private OboReader(String file) {
    this.file = file;
  }

  static ParsedOntology read(String file, InputStream in) throws IOException {
    return new OboReader(file).parse(in);
  }

  private ParsedOntology parse(InputStream in) throws IOException {
    String text = decode(in.readAllBytes());
    int pos = 0;
    int n = text.length();
    boolean sawStanza = false;
    while (pos < n) {
      int end = text.indexOf('\n', pos);
      if (end < 0) {
        throw new OntologyException(file, "line " + (lineNo + 1), current == null ? null : current.id,
            "truncated file: the last line has no line break");
      }
      String line = text.substring(pos, end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end);
      pos = end + 1;
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("!")) continue;
      if (t.startsWith("[")) {
        if (!t.endsWith("]")) malformed(null, "stanza header without closing ']': " + t);
        finishStanza();
        sawStanza = true;
        inTerm = t.equals("[Term]");
        stanzaLine = lineNo;
        continue;
      }
      int colon = t.indexOf(':');
      if (colon <= 0 || t.substring(0, colon).chars().anyMatch(Character::isWhitespace)) {
        malformed(current == null ? null : current.id, "expected 'tag: value', found: " + abbreviate(t));
      }
      String tag = t.substring(0, colon);
      String value = t.substring(colon + 1).strip();
      if (!sawStanza) {
        if (tag.equals("data-version")) version = unquoted(value);
      } else if (inTerm) {
        termTag(tag, value);
      }
    }
    finishStanza();
    if (!sawStanza) throw new OntologyException(file, null, null, "no [Term] stanza: not an OBO ontology");
    return new ParsedOntology(version, terms);
  }

  private String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new OntologyException(file, null, null, "not UTF-8 text (" + e + ")");
    }
  }

  private void finishStanza() {
    if (inTerm && current == null) {
      throw new OntologyException(file, "line " + stanzaLine, null, "[Term] stanza without an id");
    }
    if (current != null && HpoIds.isHpo(current.id)) terms.add(current);
    current = null;
    inTerm = false;
  }

  private void termTag(String tag, String value) {
    if (tag.equals("id")) {
      if (current != null) malformed(current.id, "second id in one [Term] stanza: " + value);
      String id = unquoted(value);
      if (id.startsWith("HP:") && !HpoIds.isHpo(id)) malformed(id, "malformed HP id (expected HP: and 7 digits)");
      current = new TermDraft(id, "line " + lineNo);
      return;
    }
    if (current == null) malformed(null, "'" + tag + "' before the stanza's id");
    TermDraft d = current;
    switch (tag) {
      case "name" -> d.label = unquoted(value);
      case "def" -> {
        Cursor c = new Cursor(value);
        d.definition = c.quoted();
        c.optionalBracketList();
      }
      case "synonym" -> synonym(value, null);
      case "exact_synonym" -> synonym(value, Synonym.Scope.EXACT);
      case "related_synonym" -> synonym(value, Synonym.Scope.RELATED);
      case "broad_synonym" -> synonym(value, Synonym.Scope.BROAD);
      case "narrow_synonym" -> synonym(value, Synonym.Scope.NARROW);
      case "xref", "xref_analog" -> {
        String x = firstToken(unquoted(value));
        if (!x.isEmpty()) d.xrefs.add(x);
      }
      case "is_a" -> {
        String p = firstToken(unquoted(value));
        if (p.isEmpty()) malformed(d.id, "is_a without a parent id");
        if (p.startsWith("HP:") && !HpoIds.isHpo(p)) malformed(d.id, "malformed is_a parent id " + p);
        if (HpoIds.isHpo(p)) d.addParent(p, "line " + lineNo);
      }
      case "alt_id" -> d.altIds.add(firstToken(unquoted(value)));
      case "replaced_by" -> d.replacedBy.add(firstToken(unquoted(value)));
      case "consider" -> d.consider.add(firstToken(unquoted(value)));
      case "is_obsolete" -> {
        String b = unquoted(value);
        if (!b.equals("true") && !b.equals("false")) malformed(d.id, "is_obsolete must be true or false, found: " + b);
        d.obsolete = b.equals("true");
      }
      default -> { } // comment, subset, created_by, relationship, ...: not in the table
    }
  }

  /** 1.4: "text" SCOPE [TYPE] [xrefs]; 1.2 scoped tags: "text" [xrefs]. */
  private void synonym(String value, Synonym.Scope tagScope) {
    Cursor c = new Cursor(value);
    String text = c.quoted();
    Synonym.Scope scope = tagScope;
    String word = c.word();
    if (tagScope == null) {
      if (word == null) {
        scope = Synonym.Scope.RELATED; // the OBO default when the scope is left out
      } else {
        scope = Synonym.Scope.parse(word);
        if (scope == null) malformed(current.id, "unknown synonym scope '" + word + "' (expected EXACT, RELATED, BROAD or NARROW)");
        c.word(); // optional synonym type
      }
    }
    c.optionalBracketList();
    current.synonyms.add(new Synonym(text, scope));
  }

  /** Value without its ! comment and trailing {modifiers}, escapes undone. */
  private String unquoted(String value) {
    StringBuilder b = new StringBuilder(value.length());
    int i = 0;
    int lastModifierStart = -1;
    for (; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '\\' && i + 1 < value.length()) {
        b.append(unescape(value.charAt(++i)));
        continue;
      }
      if (ch == '!') break;
      if (ch == '{' && (b.length() == 0 || Character.isWhitespace(b.charAt(b.length() - 1)))) {
        lastModifierStart = b.length();
      }
      b.append(ch);
    }
    String s = b.toString().strip();
    if (lastModifierStart >= 0 && s.endsWith("}")) s = b.substring(0, lastModifierStart).strip();
    return s;
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'W' -> ' ';
      default -> c;
    };
  }

  private static String firstToken(String s) {
    int i = 0;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '"') i++;
    return s.substring(0, i);
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private void malformed(String term, String message) {
    throw new OntologyException(file, "line " + lineNo, term, message);
  }

  /** Walks a def/synonym value: a quoted string, bare words, [bracket lists]. */
  private final class Cursor {
    private final String s;
    private int i;

    Cursor(String s) {
      this.s = s;
    }

    private void skipBlanks() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    String quoted() {
      skipBlanks();
      String term = current == null ? null : current.id;
      if (i >= s.length() || s.charAt(i) != '"') malformed(term, "expected a quoted text, found: " + abbreviate(s));
      StringBuilder b = new StringBuilder();
      for (i++; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (ch == '\\' && i + 1 < s.length()) {
          b.append(unescape(s.charAt(++i)));
        } else if (ch == '"') {
          i++;
          return b.toString();
        } else {
          b.append(ch);
        }
      }
      malformed(term, "unterminated quoted text (malformed or truncated line)");
      return null;
    }

    /** The next bare word, or null at a '[', '{', '!' or the end. */
    String word() {
      skipBlanks();
      if (i >= s.length() || "[{!".indexOf(s.charAt(i)) >= 0) return null;
      int start = i;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '[') i++;
      return s.substring(start, i);
    }

    void optionalBracketList() {
      skipBlanks();
      if (i >= s.length() || s.charAt(i) != '[') return;
      boolean inQuote = false; // an xref's "description" may hold ']'
      for (; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (ch == '\\') i++;
        else if (ch == '"') inQuote = !inQuote;
        else if (ch == ']' && !inQuote) {
          i++;
          return;
        }
      }
      malformed(current == null ? null : current.id, "'[' without closing ']' (malformed or truncated line)");
    }
  }
}
