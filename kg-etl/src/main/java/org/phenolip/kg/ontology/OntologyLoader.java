package org.phenolip.kg.ontology;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The one entry point for reading HPO: {@link #load(Path)} picks the reader from the file
 * name ({@code .json}, {@code .obo}, {@code .owl}/{@code .rdf}, each optionally {@code .gz})
 * or, for other names, from the first bytes. Gzip is recognised by its magic number, so a
 * compressed file without {@code .gz} also reads.
 */
public final class OntologyLoader {
  public enum Format { JSON, OBO, OWL }

  private static final int SNIFF = 4096;

  private OntologyLoader() {}

  public static Ontology load(Path file) {
    return load(file, null);
  }

  /** Reads {@code file} as {@code format} (null: detect). */
  public static Ontology load(Path file, Format format) {
    String name = file.getFileName().toString();
    try (InputStream in = open(file, name)) {
      Format f = format != null ? format : detect(name, in);
      ParsedOntology parsed = switch (f) {
        case JSON -> ObographsReader.read(name, in);
        case OBO -> OboReader.read(name, in);
        case OWL -> OwlSupport.get().read(name, in);
      };
      return Ontology.build(name, parsed.version(), parsed.terms());
    } catch (NoSuchFileException e) {
      throw new OntologyException(name, null, null, "no such file: " + file);
    } catch (IOException | UncheckedIOException e) {
      throw translate(name, e);
    } catch (OntologyException e) {
      throw e;
    } catch (RuntimeException e) {
      // Parser libraries wrap I/O failures (a truncated gzip under Jena, for one).
      if (ioCause(e) != null) throw translate(name, ioCause(e));
      throw e;
    }
  }

  /** Buffered, decompressed when the file starts with the gzip magic number. */
  private static InputStream open(Path file, String name) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) == 0) {
      throw new OntologyException(name, null, null, "empty file");
    }
    BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    InputStream in = raw;
    if (b0 == 0x1f && b1 == 0x8b) in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    in.mark(1);
    if (in.read() < 0) {
      in.close();
      throw new OntologyException(name, null, null, "empty file (nothing after decompression)");
    }
    in.reset();
    return in;
  }

  /** Format from the name, else from the first non-blank character of the content. */
  static Format detect(String name, InputStream in) throws IOException {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
    if (n.endsWith(".json")) return Format.JSON;
    if (n.endsWith(".obo")) return Format.OBO;
    if (n.endsWith(".owl") || n.endsWith(".rdf") || n.endsWith(".xml")) return Format.OWL;
    in.mark(SNIFF);
    byte[] head = in.readNBytes(SNIFF);
    in.reset();
    String s = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
    if (s.startsWith("{")) return Format.JSON;
    if (s.startsWith("<")) return Format.OWL;
    if (s.startsWith("format-version:") || s.contains("[Term]") || s.startsWith("data-version:")) return Format.OBO;
    throw new OntologyException(name, null, null,
        "unknown ontology format: expected obographs JSON, OBO or OWL RDF/XML (by name .json/.obo/.owl, or by content)");
  }

  private static OntologyException translate(String name, Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof EOFException || t instanceof ZipException) {
      return new OntologyException(name, null, null,
          "truncated or corrupt gzip file (" + t.getMessage() + ")", e);
    }
    return new OntologyException(name, null, null, "cannot read: " + t, e);
  }

  private static IOException ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) return io;
    }
    return null;
  }
}
