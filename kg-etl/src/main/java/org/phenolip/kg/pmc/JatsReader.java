package org.phenolip.kg.pmc;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one JATS article from its bytes with StAX, in one pass: article metadata, every {@code <fig>}
 * (body, {@code floats-group}, sub-articles) and the body paragraphs that cite each figure.
 *
 * <p>Safety: DTDs are not supported and never loaded (JATS files declare a remote DTD), external
 * entities are off, entity references are not replaced, and a document whose internal DTD subset
 * declares any entity is rejected before parsing ({@link DoctypeGuard} reads the whole DOCTYPE;
 * the StAX DTD event alone only shows its last ~8 KB), so nothing could ever expand.
 * The JDK's own StAX implementation is used whatever {@code javax.xml.stream.XMLInputFactory} says,
 * so behaviour does not change with the classpath (Spark ships other StAX parsers).
 *
 * <p>Never throws on bad input: a bad document becomes a {@link ParsedArticle} with a null article
 * and one record-level {@link Reject}.
 */
public final class JatsReader {
  private JatsReader() {}

  static final String XLINK = "http://www.w3.org/1999/xlink";
  static final String ALI = "http://www.niso.org/schemas/ali/1.0/";

  // XMLInputFactory is not specified thread-safe: one per thread (Spark runs tasks in threads).
  private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(JatsReader::newFactory);

  static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    // errors become reject rows; without a reporter the JDK parser also prints them to stderr
    f.setXMLReporter((message, type, info, location) -> { });
    f.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("external resource refused: " + systemId);
    });
    return f;
  }

  /** Elements whose boundaries do not separate words when text is flattened. */
  private static final Set<String> INLINE = Set.of(
      "italic", "bold", "sup", "sub", "sc", "underline", "monospace", "xref", "ext-link", "named-content",
      "styled-content", "inline-formula", "uri", "email", "abbrev", "roman", "sans-serif", "strike",
      "overline", "inline-graphic", "fn-ref", "target", "x", "inline-supplementary-material", "private-char",
      "glyph-data", "glyph-ref", "milestone-start", "milestone-end", "hyperlink");

  /** Floats whose text is not part of the paragraph around them, and whose xrefs are not citations. */
  private static final Set<String> FLOATS_IN_TEXT = Set.of(
      "fig", "fig-group", "table-wrap", "table-wrap-group", "supplementary-material", "boxed-text", "chem-struct-wrap");

  /** Parses without looking for images (loose XML, or the package layer attaches them). */
  public static ParsedArticle read(String source, byte[] bytes) {
    if (isBlank(bytes)) return ParsedArticle.rejected(Reject.of(source, RejectReason.EMPTY_FILE, bytes.length + " bytes"));
    String badBytes = EncodingCheck.firstError(bytes);
    if (badBytes != null) return ParsedArticle.rejected(Reject.of(source, RejectReason.BAD_ENCODING, badBytes));
    int entityLine = DoctypeGuard.entityDeclarationLine(bytes);
    if (entityLine > 0) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.XML_DOCTYPE_ENTITIES,
          "line " + entityLine + ": internal DTD subset declares entities; not expanded"));
    }
    XMLStreamReader r = null;
    try {
      r = FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(bytes));
      return new Pass(source, r).run();
    } catch (XMLStreamException e) {
      return ParsedArticle.rejected(classify(source, e));
    } catch (RuntimeException e) {
      // The JDK parser wraps some I/O and decoding errors in unchecked exceptions; anything
      // else unchecked is a bug in this reader and fails loudly.
      if (!InputErrors.fromInputLibrary(e)) throw e;
      return ParsedArticle.rejected(classify(source, e));
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing held: the input is a byte array
        }
      }
    }
  }

  private static boolean isBlank(byte[] b) {
    int i = 0;
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) i = 3;
    for (; i < b.length; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return false;
    }
    return true;
  }

  static Reject classify(String source, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CharConversionException || t instanceof UnsupportedEncodingException
          || t instanceof java.nio.charset.CharacterCodingException) {
        return Reject.of(source, RejectReason.BAD_ENCODING, where(e) + t.getClass().getSimpleName() + ": " + t.getMessage());
      }
    }
    String msg = message(e);
    if (msg.contains("Invalid byte") || msg.contains("Invalid encoding") || msg.contains("encoding")
        && (msg.contains("not supported") || msg.contains("Unsupported"))) {
      return Reject.of(source, RejectReason.BAD_ENCODING, where(e) + msg);
    }
    return Reject.of(source, RejectReason.XML_MALFORMED, where(e) + msg);
  }

  private static String where(Exception e) {
    if (e instanceof XMLStreamException x && x.getLocation() != null) {
      Location l = x.getLocation();
      return "line " + l.getLineNumber() + ":" + l.getColumnNumber() + ": ";
    }
    return "";
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    if (m == null) return e.getClass().getSimpleName();
    int i = m.indexOf("Message: ");
    return (i >= 0 ? m.substring(i + 9) : m).strip();
  }

  /** Collapses whitespace runs (non-breaking space included) into one space and trims. */
  static String normalize(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '\u00A0' || c == '\u2009' || c == '\u2002' || c == '\u2003' || c == '\u202F'
          || c == '\u200A' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
        space = out.length() > 0;
      } else {
        if (space) out.append(' ');
        space = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** One parse: all state for one document. */
  private static final class Pass {
    private final String source;
    private final XMLStreamReader r;

    private String[] path = new String[64];
    private int depth; // number of open elements

    // article-meta
    private String pmcid, pmid, doi, title, journal, journalId, licenseUrl, licenseLink, licenseType, licenseText;
    private final String[] yearByRank = new String[4];
    private final LinkedHashSet<String> subjects = new LinkedHashSet<>();
    private boolean licenseSeen, inLicense;
    private int pubDateRank = -1;

    // simple text capture for metadata leaves
    private StringBuilder meta;
    private int metaDepth;
    private String metaKind;

    // figures
    private final List<FigBuilder> figs = new ArrayList<>();
    private FigBuilder fig;
    private int figDepth;
    private int floatDepth; // >0 inside a float other than the current figure's text capture

    // paragraphs in <body>
    private int bodyDepth; // >0 while inside a body element
    private final ArrayList<Para> paras = new ArrayList<>();
    private final Map<String, List<String>> citing = new HashMap<>();

    Pass(String source, XMLStreamReader r) {
      this.source = source;
      this.r = r;
    }

    ParsedArticle run() throws XMLStreamException {
      boolean root = true;
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.DTD -> {
            String dtd = r.getText();
            if (dtd != null && dtd.contains("<!ENTITY")) {
              return ParsedArticle.rejected(Reject.of(source, RejectReason.XML_DOCTYPE_ENTITIES,
                  "line " + r.getLocation().getLineNumber() + ": internal DTD subset declares entities; not expanded"));
            }
          }
          case XMLStreamConstants.START_ELEMENT -> {
            String name = r.getLocalName();
            if (root) {
              root = false;
              if (!"article".equals(name)) {
                return ParsedArticle.rejected(Reject.of(source, RejectReason.NOT_JATS,
                    "root element <" + (r.getPrefix() == null || r.getPrefix().isEmpty() ? "" : r.getPrefix() + ":")
                        + name + ">, expected <article>"));
              }
            }
            push(name);
            start(name);
          }
          case XMLStreamConstants.END_ELEMENT -> {
            end(path[depth - 1]);
            depth--;
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
              text(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
          case XMLStreamConstants.ENTITY_REFERENCE -> {
            // Undeclared named entity (the DTD is never read): keep its name visible, don't expand.
            String t = "&" + r.getLocalName() + ";";
            text(t.toCharArray(), 0, t.length());
          }
          default -> { }
        }
      }
      if (root) {
        return ParsedArticle.rejected(Reject.of(source, RejectReason.NOT_JATS, "no root element"));
      }
      return finish();
    }

    private void push(String name) {
      if (depth == path.length) path = java.util.Arrays.copyOf(path, depth * 2);
      path[depth++] = name;
    }

    /** Name of the ancestor {@code up} levels above the current element (1 = parent). */
    private String up(int up) {
      int i = depth - 1 - up;
      return i >= 0 ? path[i] : null;
    }

    private boolean inArticleMeta() {
      // article > front > article-meta > ...
      return depth >= 3 && "front".equals(path[1]) && "article-meta".equals(path[2]);
    }

    private boolean inJournalMeta() {
      return depth >= 3 && "front".equals(path[1]) && "journal-meta".equals(path[2]);
    }

    private void startMeta(String kind) {
      if (meta != null) return; // already capturing an enclosing leaf
      meta = new StringBuilder(64);
      metaDepth = depth;
      metaKind = kind;
    }

    private void start(String name) {
      boolean inline = INLINE.contains(name);
      if (!inline) separator();

      if (inArticleMeta()) startArticleMeta(name);
      else if (inJournalMeta()) {
        if ("journal-title".equals(name) && journal == null) startMeta("journal");
        else if ("journal-id".equals(name) && journalId == null) startMeta("journal-id");
      }

      switch (name) {
        case "body" -> bodyDepth++;
        case "fig" -> {
          if (fig == null) {
            fig = new FigBuilder(attr(null, "id"), figs.size());
            figDepth = depth;
            figs.add(fig);
          }
        }
        case "label" -> { if (fig != null && depth == figDepth + 1) fig.label = new StringBuilder(); }
        case "caption" -> {
          if (fig != null && depth == figDepth + 1 && fig.caption == null) {
            fig.caption = new StringBuilder(256);
            fig.captionDepth = depth;
          }
        }
        case "title" -> {
          if (fig != null && fig.caption != null && fig.captionDepth == depth - 1 && fig.title == null) {
            fig.title = new StringBuilder(64);
            fig.titleOpen = true;
          }
        }
        case "graphic" -> {
          if (fig != null) {
            String href = attr(XLINK, "href");
            if (href != null && !href.isBlank()) fig.graphics.add(href.strip());
          }
        }
        case "p" -> { if (bodyDepth > 0 && floatDepth == 0) paras.add(new Para(depth)); }
        case "xref" -> {
          if (!paras.isEmpty() && floatDepth == 0 && "fig".equals(attr(null, "ref-type"))) {
            String rid = attr(null, "rid");
            if (rid != null) {
              Para p = paras.get(paras.size() - 1);
              for (String id : rid.trim().split("\\s+")) if (!id.isEmpty()) p.rids.add(id);
            }
          }
        }
        default -> { }
      }
      if (FLOATS_IN_TEXT.contains(name)) floatDepth++;
    }

    private void startArticleMeta(String name) {
      String parent = up(1);
      switch (name) {
        case "article-id" -> {
          if ("article-meta".equals(parent)) {
            String t = attr(null, "pub-id-type");
            if ("pmc".equals(t) || "pmcid".equals(t)) { if (pmcid == null) startMeta("pmcid"); }
            else if ("pmid".equals(t)) { if (pmid == null) startMeta("pmid"); }
            else if ("doi".equals(t)) { if (doi == null) startMeta("doi"); }
          }
        }
        case "article-title" -> {
          if ("title-group".equals(parent) && "article-meta".equals(up(2)) && title == null) startMeta("title");
        }
        case "subject" -> { if (depth > 3 && "article-categories".equals(path[3])) startMeta("subject"); }
        case "pub-date" -> {
          if ("article-meta".equals(parent)) pubDateRank = rank(attr(null, "pub-type"), attr(null, "date-type"),
              attr(null, "publication-format"));
        }
        case "year" -> { if ("pub-date".equals(parent) && pubDateRank >= 0) startMeta("year"); }
        case "license" -> {
          if (!licenseSeen && "permissions".equals(parent)) {
            licenseSeen = true;
            inLicense = true;
            licenseUrl = emptyToNull(strip(attr(XLINK, "href")));
            licenseType = emptyToNull(strip(attr(null, "license-type")));
          }
        }
        case "license_ref" -> { if (inLicense && licenseUrl == null) startMeta("license-url"); }
        case "ext-link", "uri" -> {
          // a licence URL written as a link inside license-p (common in older PLOS/BMC files)
          if (inLicense && licenseLink == null) {
            String href = attr(XLINK, "href");
            if (href != null && href.contains("creativecommons.org")) licenseLink = href.strip();
          }
        }
        case "license-p" -> { if (inLicense && licenseText == null) startMeta("license-text"); }
        default -> { }
      }
    }

    private static String strip(String s) {
      return s == null ? null : s.strip();
    }

    private static int rank(String pubType, String dateType, String format) {
      String t = pubType != null ? pubType : dateType;
      if (t == null) return 3;
      return switch (t) {
        case "epub" -> 0;
        case "ppub" -> 1;
        case "collection" -> 2;
        case "pub" -> "print".equals(format) ? 1 : 0;
        default -> 3;
      };
    }

    private void end(String name) {
      if (meta != null && depth == metaDepth) {
        String v = normalize(meta);
        meta = null;
        assignMeta(v);
      }
      if (fig != null) {
        if ("label".equals(name) && depth == figDepth + 1 && fig.label != null && fig.labelText == null) {
          fig.labelText = normalize(fig.label);
        } else if ("title".equals(name) && fig.titleOpen && fig.captionDepth == depth - 1) {
          fig.titleOpen = false;
        } else if ("caption".equals(name) && depth == fig.captionDepth) {
          fig.captionDepth = -1;
        }
      }
      if (FLOATS_IN_TEXT.contains(name)) floatDepth--;
      if (fig != null && depth == figDepth && "fig".equals(name)) fig = null;
      switch (name) {
        case "body" -> bodyDepth--;
        case "p" -> {
          if (!paras.isEmpty() && paras.get(paras.size() - 1).depth == depth) closePara();
        }
        case "pub-date" -> { if ("article-meta".equals(up(1))) pubDateRank = -1; }
        case "license" -> inLicense = false;
        default -> { }
      }
      if (!INLINE.contains(name)) separator();
    }

    private void assignMeta(String v) {
      if (v.isEmpty()) return;
      switch (metaKind) {
        case "pmcid" -> pmcid = v.regionMatches(true, 0, "PMC", 0, 3) ? "PMC" + v.substring(3) : "PMC" + v;
        case "pmid" -> pmid = v;
        case "doi" -> doi = v;
        case "title" -> title = v;
        case "journal" -> journal = v;
        case "journal-id" -> journalId = v;
        case "subject" -> subjects.add(v);
        case "year" -> { if (yearByRank[pubDateRank] == null) yearByRank[pubDateRank] = v; }
        case "license-url" -> licenseUrl = v;
        case "license-text" -> licenseText = v;
        default -> throw new IllegalStateException(metaKind);
      }
    }

    private void closePara() {
      Para p = paras.remove(paras.size() - 1);
      if (!p.rids.isEmpty()) {
        String t = normalize(p.text);
        for (String rid : p.rids) citing.computeIfAbsent(rid, k -> new ArrayList<>(2)).add(t);
      }
      // an enclosing paragraph reads the nested one's text as its own
      if (!paras.isEmpty()) paras.get(paras.size() - 1).text.append(' ').append(p.text).append(' ');
    }

    private String attr(String ns, String local) {
      for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
        if (!local.equals(r.getAttributeLocalName(i))) continue;
        String uri = r.getAttributeNamespace(i);
        if (ns == null ? uri == null || uri.isEmpty() : ns.equals(uri)) return r.getAttributeValue(i);
      }
      if (ns != null) { // a document that binds xlink to another URI, or not at all
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
          if (local.equals(r.getAttributeLocalName(i))) return r.getAttributeValue(i);
        }
      }
      return null;
    }

    private void separator() {
      char[] sp = SPACE;
      text(sp, 0, 1);
    }

    private void text(char[] c, int start, int len) {
      if (meta != null) meta.append(c, start, len);
      if (fig != null) {
        if (fig.label != null && fig.labelText == null) fig.label.append(c, start, len);
        if (fig.captionDepth > 0) fig.caption.append(c, start, len);
        if (fig.titleOpen) fig.title.append(c, start, len);
      }
      if (!paras.isEmpty() && floatDepth == 0) paras.get(paras.size() - 1).text.append(c, start, len);
    }

    private ParsedArticle finish() {
      String articleId = pmcid != null ? pmcid : doi != null ? "doi:" + doi : SourceDocument.fileName(source);
      Integer year = null;
      for (String y : yearByRank) {
        if (y != null) {
          year = parseYear(y);
          if (year != null) break;
        }
      }
      String license = licenseUrl != null ? licenseUrl
          : licenseLink != null ? licenseLink
          : licenseType != null ? licenseType
          : licenseText;
      Article article = new Article(articleId, pmcid, pmid, doi, title, journal != null ? journal : journalId, year,
          license, new ArrayList<>(subjects), source);
      List<Figure> out = new ArrayList<>(figs.size());
      Set<String> seen = new HashSet<>();
      Map<String, Integer> dup = new LinkedHashMap<>();
      for (FigBuilder f : figs) {
        String figId = f.id != null && !f.id.isBlank() ? f.id.strip() : "fig" + (f.index + 1);
        String key = figId;
        if (!seen.add(key)) { // duplicate fig ids (sub-articles): keep figure_id unique
          int n = dup.merge(figId, 2, (a, b) -> a + 1);
          key = figId + "~" + n;
          seen.add(key);
        }
        String caption = f.caption == null ? null : emptyToNull(normalize(f.caption));
        String ctitle = f.title == null ? null : emptyToNull(normalize(f.title));
        List<String> cites = f.id == null ? List.of() : citing.getOrDefault(f.id.strip(), List.of());
        out.add(new Figure(articleId + "/" + key, articleId, figId, emptyToNull(f.labelText), ctitle, caption,
            f.graphics, null, null, cites));
      }
      return new ParsedArticle(article, out, List.of());
    }

    private static Integer parseYear(String y) {
      try {
        return Integer.valueOf(y.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  private static final char[] SPACE = {' '};

  private static final class FigBuilder {
    final String id;
    final int index;
    StringBuilder label;
    String labelText;
    StringBuilder caption;
    int captionDepth = -1;
    StringBuilder title;
    boolean titleOpen;
    final List<String> graphics = new ArrayList<>(2);

    FigBuilder(String id, int index) {
      this.id = id;
      this.index = index;
    }
  }

  private static final class Para {
    final int depth;
    final StringBuilder text = new StringBuilder(512);
    final LinkedHashSet<String> rids = new LinkedHashSet<>(2);

    Para(int depth) {
      this.depth = depth;
    }
  }
}
