package org.phenolip.kg.fetch;

import java.io.Serializable;
import java.util.List;

/**
 * What happened to one version in one run: the row the fetch log gets.
 *
 * @param status  {@code fetched}, {@code skipped} (licence / not open access), {@code retracted},
 *                {@code failed}, {@code removed} (gone from the inventory), {@code superseded}
 *                (a newer version of the PMCID was listed)
 * @param reason  why skipped/failed/removed ({@code licence}, {@code not-open-access}, a request
 *                failure code such as {@code md5-mismatch} or {@code http-503}), else null
 * @param files   the version's files in the mirror (name, MD5, size), when fetched
 * @param requests requests this version cost in this run (0 when the mirror already held it all)
 */
public record VersionResult(
    String key,
    String pmcid,
    int version,
    String etag,
    String lastModified,
    String status,
    String reason,
    String detail,
    String license,
    boolean retracted,
    List<FileEntry> files,
    long bytes,
    long requests) implements Serializable {

  public static final String FETCHED = "fetched";
  public static final String SKIPPED = "skipped";
  public static final String RETRACTED = "retracted";
  public static final String FAILED = "failed";
  public static final String REMOVED = "removed";
  public static final String SUPERSEDED = "superseded";

  public VersionResult {
    files = List.copyOf(files);
  }

  public record FileEntry(String name, String md5, long size) implements Serializable {}

  /** A log row for a version that needs no request (removed, superseded). */
  public static VersionResult mark(LogState prev, String status, String reason) {
    return new VersionResult(prev.key(), prev.pmcid(), prev.version(), prev.etag(), null, status, reason, null,
        prev.license(), prev.retracted(), List.of(), 0, 0);
  }
}
