package org.phenolip.kg.rdf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Storage;

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
    public static Format forFile(String file) {
      String n = new org.apache.hadoop.fs.Path(file).getName().toLowerCase(Locale.ROOT);
      if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
      if (n.endsWith(".ttl")) return TURTLE;
      if (n.endsWith(".nt")) return NTRIPLES;
      throw new IllegalArgumentException("cannot tell the RDF format of " + file
          + " from its name: use .ttl or .nt (optionally .gz), or give the format");
    }
  }

  /** Exports {@code kgDir} to {@code out} (a path or Hadoop URI) in the format its name implies. */
  public static RdfStats export(SparkSession spark, String kgDir, String out) {
    return export(spark, kgDir, out, Format.forFile(out));
  }

  /** Streams the export into {@code out}, which is replaced only when the export is complete. */
  public static RdfStats export(SparkSession spark, String kgDir, String out, Format format) {
    try (Storage.Replacement file = Storage.of(spark).replace(out)) {
      BufferedOutputStream buffered = new BufferedOutputStream(file, 1 << 16);
      GZIPOutputStream gzip = out.toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPOutputStream(buffered, 1 << 16) : null;
      RdfStats stats = write(spark, kgDir, gzip != null ? gzip : buffered, format);
      if (gzip != null) gzip.finish();
      buffered.flush();
      file.commit();
      return stats;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
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
}
