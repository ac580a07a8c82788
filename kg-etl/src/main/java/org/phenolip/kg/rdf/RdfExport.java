package org.phenolip.kg.rdf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a PhenoKG folder as one RDF file, streaming: N-Triples line by line, Turtle in
 * subject blocks (Jena's {@code TURTLE_BLOCKS} stream writer), so memory does not grow with
 * the graph. The file appears atomically (written beside it, then renamed); a {@code .gz}
 * suffix gzips it.
 */
public final class RdfExport {
  private RdfExport() {}

  public enum Format {
    TURTLE("ttl", RDFFormat.TURTLE_BLOCKS),
    NTRIPLES("nt", RDFFormat.NTRIPLES_UTF8);

    private final String extension;
    private final RDFFormat rdfFormat;

    Format(String extension, RDFFormat rdfFormat) {
      this.extension = extension;
      this.rdfFormat = rdfFormat;
    }

    public String extension() { return extension; }

    public RDFFormat rdfFormat() { return rdfFormat; }

    /** {@code ttl|turtle|nt|ntriples|n-triples}. */
    public static Format of(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "ttl", "turtle" -> TURTLE;
        case "nt", "ntriples", "n-triples" -> NTRIPLES;
        default -> throw new IllegalArgumentException("unknown RDF format '" + name + "' (expected ttl or nt)");
      };
    }

    /** From the file name: {@code .ttl[.gz]} or {@code .nt[.gz]}. */
    public static Format forFile(Path file) {
      String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
      if (n.endsWith(".ttl")) return TURTLE;
      if (n.endsWith(".nt")) return NTRIPLES;
      throw new IllegalArgumentException("cannot tell the RDF format of " + file
          + " from its name: use .ttl or .nt (optionally .gz), or give the format");
    }
  }

  /** Exports {@code kgDir} to {@code out} in the format its name implies. */
  public static RdfStats export(SparkSession spark, String kgDir, Path out) {
    return export(spark, kgDir, out, Format.forFile(out));
  }

  public static RdfStats export(SparkSession spark, String kgDir, Path out, Format format) {
    Path abs = out.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(abs.getParent());
      RdfStats stats;
      try (OutputStream os = open(tmp, abs.getFileName().toString().endsWith(".gz"))) {
        stats = write(spark, kgDir, os, format);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return stats;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + abs + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the temp file is hidden and named after this process
      }
    }
  }

  /** Streams the KG to {@code os} (not closed). */
  public static RdfStats write(SparkSession spark, String kgDir, OutputStream os, Format format) {
    StreamRDF writer = StreamRDFWriter.getWriterStream(os, format.rdfFormat());
    writer.start();
    RdfStats stats = KgParquet.emit(spark, kgDir, writer);
    writer.finish();
    return stats;
  }

  private static OutputStream open(Path file, boolean gzip) throws IOException {
    OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    return gzip ? new GZIPOutputStream(os, 1 << 16) : os;
  }
}
