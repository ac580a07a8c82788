package org.phenolip.kg.build;

import java.util.Map;

/**
 * {@code manifest.json} of a PhenoKG version (its {@code KgCommitLog} commit): what went in
 * (checksums), which code built it, how many rows came out, per dataset and partition, and the
 * Delta version of each table. {@code reconciliation} shows that every source read became an
 * article or a reject.
 */
public record KgManifest(
    String format,
    String created,
    String phenolipVersion,
    String sparkVersion,
    String hpoVersion,
    String settings,
    Map<String, String> inputs,
    Map<String, DatasetCount> datasets,
    Map<String, Long> reconciliation,
    Map<String, Object> linking,
    long kgVersion,
    Map<String, Long> tableVersions) {

  /** phenokg/2: Delta tables, and the Delta version of each in {@code tableVersions}. */
  public static final String FORMAT = "phenokg/2";

  public record DatasetCount(long rows, Map<String, Long> partitions) {}
}
