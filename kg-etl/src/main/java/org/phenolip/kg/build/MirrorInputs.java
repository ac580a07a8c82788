package org.phenolip.kg.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Checksums;
import org.phenolip.kg.fetch.spark.FetchLog;
import org.phenolip.kg.pmc.VersionFolders;

/**
 * The version folders of {@code kg fetch} mirrors among a build's inputs: which to read (latest,
 * complete, not retracted/removed/superseded in the fetch log) and their checksums. A version's
 * checksum is the SHA-256 of its metadata JSON, which names the MD5 of every file of the version
 * (NCBI changes the JSON whenever any file changes), so unchanged versions are reused by the
 * incremental build without reading their images.
 */
record MirrorInputs(Map<String, String> checksums, Map<String, Long> excluded) {

  static MirrorInputs of(SparkSession spark, List<String> roots) {
    Map<String, String> sums = new TreeMap<>();
    Map<String, Long> excluded = new TreeMap<>();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (String root : roots) {
      Map<String, String> log = FetchLog.exists(spark, root) ? FetchLog.excluded(spark, root) : Map.of();
      VersionFolders.Listing l = VersionFolders.list(root, conf, log);
      l.excluded().forEach((k, v) -> excluded.merge(k, v, Long::sum));
      for (String f : l.folders()) sums.put(f, checksum(f, conf));
    }
    return new MirrorInputs(sums, excluded);
  }

  /** Roots given as Hadoop URIs, and local roots that hold version folders, are mirrors. */
  static boolean isMirror(String root, Configuration conf) {
    return VersionFolders.isMirror(root, conf);
  }

  static boolean isVersionFolder(String source) {
    String s = source.replaceAll("/+$", "");
    return org.phenolip.kg.pmc.PmcVersionReader.isVersionName(s.substring(s.lastIndexOf('/') + 1));
  }

  private static String checksum(String folder, Configuration conf) {
    Path dir = new Path(folder);
    Path json = new Path(dir, dir.getName() + ".json");
    Path xml = new Path(dir, dir.getName() + ".xml");
    try {
      var fs = dir.getFileSystem(conf);
      Path p = fs.exists(json) ? json : xml;
      try (InputStream in = fs.open(p)) {
        return Checksums.sha256(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    }
  }

  /** Manifest counts: versions left out by why, with a prefix. */
  Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    excluded.forEach((k, v) -> m.put("mirror_versions_" + k, v));
    return m;
  }

  List<String> folders() {
    return new ArrayList<>(checksums.keySet());
  }
}
