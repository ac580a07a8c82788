package org.phenolip.kg.pmc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes PMC-OA-style packages: a gzipped tar whose entries sit under one folder
 * ({@code PMC9000001/article.nxml}, {@code PMC9000001/article.g001.jpg}...). Byte-for-byte
 * reproducible: fixed entry times and owner, no gzip timestamp or file name.
 */
public final class OaPackages {
  private OaPackages() {}

  public record Entry(String name, byte[] bytes) {}

  public static byte[] tarGz(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipParameters gz = new GzipParameters();
    gz.setModificationTime(0);
    gz.setCompressionLevel(9);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, gz))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry te = new TarArchiveEntry(e.name());
        te.setSize(e.bytes().length);
        te.setModTime(0);
        te.setUserId(0);
        te.setGroupId(0);
        te.setUserName("");
        te.setGroupName("");
        te.setMode(0100644);
        tar.putArchiveEntry(te);
        tar.write(e.bytes());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
