package org.phenolip.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The benchmarks drawn from a PhenoKG, recorded beside it ({@code KG/benchmarks/<id>.json}:
 * the benchmark folder, its article exclusion list and that list's SHA-256), so that training
 * on the KG can refuse to run without {@code --exclude-bench} and record which list it used.
 */
public final class BenchRegistry {
  public static final String DIR = "benchmarks";
  public static final String EXCLUDED = "excluded_articles.txt";

  /** One registered benchmark. */
  public record Entry(String bench, String excluded, String excludedSha256) {}

  private BenchRegistry() {}

  /** Registers the benchmark folder {@code bench} (a local path or a URI) beside the KG at {@code kgRoot}. */
  public static void register(Configuration conf, String kgRoot, String bench) {
    String shown = Storage.absolute(bench);
    try {
      Path dir = new Path(kgRoot, DIR);
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bench", shown);
      m.put("excluded", Storage.isLocal(shown) ? java.nio.file.Path.of(shown, EXCLUDED).toString() : Storage.child(shown, EXCLUDED));
      m.put("excluded_sha256", Checksums.sha256(new Storage(conf).readBytes(Storage.child(Storage.uri(shown), EXCLUDED))));
      String id = Checksums.sha256(shown.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
      try (OutputStream out = fs.create(new Path(dir, id + ".json"), true)) {
        out.write(Json.write(m).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot register the benchmark " + shown + " in " + kgRoot + ": " + e.getMessage(), e);
    }
  }

  /** The benchmarks registered for {@code kgRoot} whose folder still exists (none: empty). */
  public static List<Entry> list(Configuration conf, String kgRoot) {
    List<Entry> out = new ArrayList<>();
    try {
      Path dir = new Path(kgRoot, DIR);
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) return out;
      for (FileStatus st : fs.listStatus(dir)) {
        if (!st.getPath().getName().endsWith(".json")) continue;
        try (InputStream in = fs.open(st.getPath())) {
          JsonNode n = Json.MAPPER.readTree(in);
          Entry e = new Entry(n.path("bench").asText(), n.path("excluded").asText(), n.path("excluded_sha256").asText());
          if (new Storage(conf).isDirectory(Storage.uri(e.bench()))) out.add(e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the benchmarks registered in " + kgRoot + ": " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparing(Entry::bench));
    return out;
  }
}
