package org.phenolip.kg.pmc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The version folders of a mirror in the PMC Cloud Service layout (what {@code kg fetch} writes),
 * through Hadoop's FileSystem API. Only complete versions count (the folder JSON is written last),
 * only the latest version of each PMCID is read, and versions the fetch log (or their own JSON)
 * marks as retracted, removed or superseded are left out and counted.
 */
public final class VersionFolders {
  private VersionFolders() {}

  /** The folders to read, and how many were left out, by why. */
  public record Listing(List<String> folders, Map<String, Long> excluded) {}

  /** True when {@code root} holds at least one {@code PMC<id>.<v>/} folder. */
  public static boolean isMirror(String root, Configuration conf) {
    try {
      Path p = new Path(root);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.getFileStatus(p).isDirectory()) return false;
      for (FileStatus st : fs.listStatus(p)) {
        if (st.isDirectory() && PmcVersionReader.isVersionName(st.getPath().getName())) return true;
      }
      return false;
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /**
   * Lists {@code root}'s version folders. {@code logExcluded}: version name → status
   * (retracted/removed/superseded) from the fetch log.
   */
  public static Listing list(String root, Configuration conf, Map<String, String> logExcluded) {
    Map<String, Long> excluded = new TreeMap<>();
    Map<String, Path> latest = new TreeMap<>();
    Map<String, Integer> latestV = new TreeMap<>();
    try {
      Path p = new Path(root.replaceAll("/+$", ""));
      FileSystem fs = p.getFileSystem(conf);
      for (FileStatus st : fs.listStatus(p)) {
        String name = st.getPath().getName();
        if (!st.isDirectory() || !PmcVersionReader.isVersionName(name)) continue;
        if (!fs.exists(new Path(st.getPath(), name + ".json")) && !fs.exists(new Path(st.getPath(), name + ".xml"))) continue;
        if (!fs.exists(new Path(st.getPath(), name + ".json")) && fs.exists(new Path(new Path(p, "_fetch_log"), "_delta_log"))) {
          excluded.merge("incomplete", 1L, Long::sum); // a fetch stopped mid-version: the next fetch completes it
          continue;
        }
        String status = logExcluded.get(name);
        if (status != null) {
          excluded.merge(status, 1L, Long::sum);
          continue;
        }
        String pmcid = name.substring(0, name.indexOf('.'));
        int v = Integer.parseInt(name.substring(name.indexOf('.') + 1));
        Integer prev = latestV.get(pmcid);
        if (prev != null) excluded.merge("superseded", 1L, Long::sum);
        if (prev == null || v > prev) {
          latestV.put(pmcid, v);
          latest.put(pmcid, st.getPath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    List<String> folders = new ArrayList<>();
    for (Path f : latest.values()) folders.add(f.toString());
    return new Listing(folders, excluded);
  }
}
