package org.phenolip.kg.build;

import java.util.Map;

/**
 * {@code manifest.json} of a PhenoKG version: what went in (checksums), which code built it,
 * and how many rows came out, per dataset and partition. {@code reconciliation} shows that
 * every source read became an article or a reject.
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
    Map<String, Object> linking) {

  public static final String FORMAT = "phenokg/1";

  public record DatasetCount(long rows, Map<String, Long> partitions) {}
}
