package org.phenolip.kg.ontology;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an {@link Ontology} as OBO 1.4 (gzipped when the name ends in {@code .gz}). Carries
 * what the phenotypes table holds plus "consider"; definition and synonym xref lists are not
 * kept by the readers and are written empty.
 */
public final class OboWriter {
  private OboWriter() {}

  public static void write(Ontology ontology, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      try (OutputStream raw = Files.newOutputStream(file);
           OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
           Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
        write(ontology, w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static void write(Ontology ontology, Writer w) throws IOException {
    w.write("format-version: 1.4\n");
    if (ontology.version() != null) w.write("data-version: " + unquoted(ontology.version()) + "\n");
    w.write("ontology: hp\n");
    for (Phenotype p : ontology.terms()) {
      w.write("\n[Term]\nid: " + p.id() + "\n");
      if (p.label() != null) w.write("name: " + unquoted(p.label()) + "\n");
      for (String a : p.altIds()) w.write("alt_id: " + a + "\n");
      if (p.definition() != null) w.write("def: " + quoted(p.definition()) + " []\n");
      for (Synonym s : p.synonyms()) w.write("synonym: " + quoted(s.text()) + " " + s.scope().name() + " []\n");
      for (String x : p.xrefs()) w.write("xref: " + unquoted(x) + "\n");
      for (String parent : p.parents()) {
        String label = ontology.term(parent).map(Phenotype::label).orElse(null);
        w.write("is_a: " + parent + (label == null ? "" : " ! " + label.replace('\n', ' ')) + "\n");
      }
      if (p.obsolete()) w.write("is_obsolete: true\n");
      if (p.replacedBy() != null) w.write("replaced_by: " + p.replacedBy() + "\n");
      for (String c : ontology.consider(p.id())) w.write("consider: " + c + "\n");
    }
  }

  static String quoted(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"', '\\' -> b.append('\\').append(c);
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Escapes what would end or change an unquoted value: comment, modifier, line break. */
  static String unquoted(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '!', '{', '\\' -> b.append('\\').append(c);
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
