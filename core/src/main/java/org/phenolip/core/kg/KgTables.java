package org.phenolip.core.kg;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;

/**
 * Opens the tables of one PhenoKG version as Spark DataFrames. This is the one class that reads
 * how a KG is stored; every job (training, benchmarks, curation, {@code kg sql}, {@code kg export},
 * the RDF view) reaches the KG through it. Three layouts:
 * <ul>
 *   <li>Delta (what {@code kg build} writes): one Delta table per folder and a {@link KgCommitLog};
 *       version N opens each table at the Delta version KG commit N names (time travel).
 *   <li>Published Parquet (before Delta): {@code versions/<id>/} behind {@link AtomicPublish}'s
 *       {@code CURRENT}; read as before.
 *   <li>A plain folder of Parquet tables: one unnamed version.
 * </ul>
 */
public final class KgTables {
  /** The core tables, in the order they are listed; curated tables (any other dataset folder) follow. */
  public static final List<String> CORE = List.of(PhenoKg.PHENOTYPES, PhenoKg.EDGES, PhenoKg.ARTICLES,
      PhenoKg.FIGURES, PhenoKg.PAIRS, PhenoKg.NEGATED_PAIRS, PhenoKg.REJECTS);
  /**
   * The view over the kept versions: one row per (version, table) with the manifest's row count. Column names
   * avoid SQL keywords (table, current, rows) so queries need no quoting.
   */
  public static final String HISTORY = "history";

  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  static final StructType HISTORY_SCHEMA = new StructType()
      .add("version_index", DataTypes.IntegerType, false)
      .add("version", DataTypes.StringType, false)
      .add("created", DataTypes.StringType, true)
      .add("is_current", DataTypes.BooleanType, false)
      .add("table_name", DataTypes.StringType, false)
      .add("row_count", DataTypes.LongType, false);

  /**
   * One kept version: its 0-based index in creation order, name, folder, manifest (null if
   * unreadable). A Delta KG's versions read their commit only when asked, so opening a KG that has
   * been rebuilt every day for a year reads one commit, not 365 (a listing names them all).
   */
  public static final class Version {
    private final int index;
    private final String name;
    private final Path dir;
    private final boolean current;
    private final java.util.concurrent.Callable<JsonNode> reader;
    private JsonNode manifest;
    private boolean read;

    Version(int index, String name, Path dir, boolean current, JsonNode manifest) {
      this(index, name, dir, current, () -> manifest);
    }

    Version(int index, String name, Path dir, boolean current, java.util.concurrent.Callable<JsonNode> reader) {
      this.index = index;
      this.name = name;
      this.dir = dir;
      this.current = current;
      this.reader = reader;
    }

    public int index() { return index; }

    public String name() { return name; }

    public Path dir() { return dir; }

    public boolean current() { return current; }

    /** The version's manifest (a Delta KG: its commit), read on first use. */
    public synchronized JsonNode manifest() {
      if (!read) {
        try {
          manifest = reader.call();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the manifest of PhenoKG version " + name + " in " + dir + ": " + e.getMessage(), e);
        } catch (Exception e) {
          throw new IllegalStateException("cannot read the manifest of PhenoKG version " + name + " in " + dir + ": " + e.getMessage(), e);
        }
        read = true;
      }
      return manifest;
    }

    /** When the version was built (its manifest's {@code created}), or null. */
    public String created() {
      JsonNode m = manifest();
      return m == null ? null : m.path("created").asText(null);
    }
  }

  /** Where a table is read from: a Parquet folder, or a Delta table at {@code deltaVersion} (null: its latest). */
  record Ref(Path path, boolean delta, Long deltaVersion) {}

  private final SparkSession spark;
  private final FileSystem fs;
  private final List<Version> versions;
  private final Version version;
  private final Map<String, Ref> tables;

  private KgTables(SparkSession spark, FileSystem fs, List<Version> versions, Version version, Map<String, Ref> tables) {
    this.spark = spark;
    this.fs = fs;
    this.versions = versions;
    this.version = version;
    this.tables = tables;
  }

  /** The current version of {@code kg}. */
  public static KgTables open(SparkSession spark, String kg) {
    return open(spark, kg, null);
  }

  /**
   * Opens {@code kg} at {@code versionSpec}: null for the current version, a number for the
   * {@code version_index} of {@link #HISTORY}, or a version name ({@code v3} in a Delta KG, a
   * folder name {@code v1732...-ab12cd34} in a published Parquet one).
   */
  public static KgTables open(SparkSession spark, String kg, String versionSpec) {
    Path root = new Path(kg);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) throw new IllegalArgumentException("no PhenoKG at " + kg + " (no " + PhenoKg.PHENOTYPES + "/ table: run `phenolip kg build` first)");
      KgCommitLog log = new KgCommitLog(new org.phenolip.core.io.Storage(fs.getConf()), root.toString());
      boolean delta = log.exists();
      List<Version> versions = delta ? deltaVersions(log, root) : versions(fs, root);
      Version chosen = choose(kg, versions, versionSpec);
      Map<String, Ref> tables = delta ? deltaTablesOf(fs, chosen) : tablesOf(fs, chosen.dir());
      if (!delta && CORE.stream().anyMatch(t -> tables.containsKey(t) && tables.get(t).delta())) {
        throw new IllegalArgumentException(kg + " has Delta tables but no KG commit in " + KgCommitLog.DIR
            + "/: its first build did not finish (run `phenolip kg build` again)");
      }
      if (tables.isEmpty()) {
        throw new IllegalArgumentException(chosen.dir() + " is not a PhenoKG: it has no tables (run `phenolip kg build` first)");
      }
      return new KgTables(spark, fs, versions, chosen, tables);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + kg + ": " + e.getMessage(), e);
    }
  }

  /** The version opened. */
  public Version version() { return version; }

  /** Every kept version, oldest first. */
  public List<Version> versions() { return versions; }

  /** The tables this version has: the core ones present, then curated ones by name. */
  public List<String> names() { return List.copyOf(tables.keySet()); }

  /** A table of this version; core tables are checked against their schema. */
  public Dataset<Row> table(String name) {
    if (name.equals(HISTORY)) return history();
    Dataset<Row> df = dataset(name);
    if (CORE.contains(name)) SchemaCheck.require(tables.get(name).path().toString(), df.schema(), PhenoKg.schemaOf(name));
    return df;
  }

  /**
   * A table of this version as it is stored, for jobs that check the columns they need themselves
   * (a test KG may hold only some columns of a core table).
   */
  public Dataset<Row> dataset(String name) {
    Ref r = tables.get(name);
    if (r == null) {
      throw new IllegalArgumentException("PhenoKG version " + version.name() + " has no table '" + name + "' (it has: "
          + String.join(", ", names()) + ", " + HISTORY + ")");
    }
    try {
      if (!r.delta()) return spark.read().parquet(r.path().toString());
      var reader = spark.read().format("delta");
      if (r.deltaVersion() != null) reader = reader.option("versionAsOf", r.deltaVersion());
      return reader.load(r.path().toString());
    } catch (RuntimeException e) { // AnalysisException: an empty folder, not Parquet, a vacuumed Delta version
      throw new IllegalArgumentException("cannot read PhenoKG table " + r.path() + ": " + firstLine(e), e);
    }
  }

  /** Whether this version has {@code name}. */
  public boolean has(String name) {
    return tables.containsKey(name);
  }

  /**
   * What a model records about the KG it read: the path, the version (Delta: {@code v<N>}, a
   * number {@code --kg-version} takes back), and the version's manifest checksum.
   */
  public Map<String, Object> provenance(String kg) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", kg);
    m.put("version", version.name().isEmpty() ? version.dir().getName() : version.name());
    m.put("version_index", version.index());
    String text = manifestText();
    m.put("manifest_sha256", text == null ? null
        : org.phenolip.core.io.Checksums.sha256(text.getBytes(StandardCharsets.UTF_8)));
    return m;
  }

  /** One row per (kept version, table) with the row count its manifest recorded. */
  public Dataset<Row> history() {
    List<Row> rows = new ArrayList<>();
    for (Version v : versions) {
      JsonNode ds = v.manifest() == null ? null : v.manifest().get("datasets");
      if (ds == null) continue;
      ds.fields().forEachRemaining(e -> rows.add(RowFactory.create(v.index(), v.name(), v.created(), v.current(),
          e.getKey(), e.getValue().path("rows").asLong())));
    }
    return spark.createDataFrame(rows, HISTORY_SCHEMA);
  }

  /** Registers every table of this version and {@link #HISTORY} as temporary views. */
  public void registerViews() {
    registerViews(t -> true);
  }

  /** Registers the tables (and {@link #HISTORY}) that {@code wanted} accepts as temporary views. */
  public void registerViews(java.util.function.Predicate<String> wanted) {
    for (String t : names()) if (wanted.test(t)) table(t).createOrReplaceTempView(t);
    if (wanted.test(HISTORY)) history().createOrReplaceTempView(HISTORY);
  }

  /** The manifest.json text of this version (a Delta KG: its commit), or null when it has none. */
  public String manifestText() {
    Path m = tables.values().stream().anyMatch(Ref::delta) && version.manifest() != null
        ? new Path(KgCommitLog.file(version.dir().toString(), version.index()))
        : new Path(version.dir(), PhenoKg.MANIFEST);
    try {
      if (!fs.exists(m)) return null;
      try (var in = fs.open(m)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + m + ": " + e.getMessage(), e);
    }
  }

  private static List<Version> versions(FileSystem fs, Path root) throws IOException {
    Path currentDir = new AtomicPublish(root.toString(), fs.getConf()).current();
    Path versionsDir = new Path(root, AtomicPublish.VERSIONS);
    if (currentDir == null && !fs.exists(versionsDir)) {
      // A plain folder of tables (not published): one unnamed version, current.
      JsonNode manifest = readManifest(fs, root);
      return List.of(new Version(0, "", root, true, manifest));
    }
    List<Version> unordered = new ArrayList<>();
    for (FileStatus st : fs.exists(versionsDir) ? fs.listStatus(versionsDir) : new FileStatus[0]) {
      Path d = st.getPath();
      boolean isCurrent = currentDir != null && d.getName().equals(currentDir.getName());
      JsonNode manifest = st.isDirectory() ? readManifest(fs, d) : null;
      // A version without its manifest is a build still running or killed: not a kept version.
      if (manifest == null && !isCurrent) continue;
      unordered.add(new Version(-1, d.getName(), d, isCurrent, manifest));
    }
    // Creation order: the manifest's time, then the folder name (v<epoch millis>-...).
    unordered.sort(Comparator.comparing((Version v) -> v.created() == null ? "" : v.created()).thenComparing(Version::name));
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < unordered.size(); i++) {
      Version v = unordered.get(i);
      out.add(new Version(i, v.name(), v.dir(), v.current(), v.manifest()));
    }
    return List.copyOf(out);
  }

  private static List<Version> deltaVersions(KgCommitLog log, Path root) throws IOException {
    List<Long> ids = log.versions();
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      out.add(new Version((int) id, "v" + id, root, i == ids.size() - 1, () -> log.read(id)));
    }
    return List.copyOf(out);
  }

  /**
   * The tables a KG commit names, at their Delta versions; other table folders (curated tables
   * written beside the KG) are not versioned with it and belong to the current version only. A core
   * table the commit does not name is not read (a build that did not commit it, or a KG built
   * before the table existed).
   */
  private static Map<String, Ref> deltaTablesOf(FileSystem fs, Version v) throws IOException {
    Map<String, Long> versions = KgCommitLog.tableVersions(v.manifest());
    Map<String, Ref> found = new LinkedHashMap<>();
    for (String c : CORE) if (versions.containsKey(c)) found.put(c, new Ref(new Path(v.dir(), c), true, versions.get(c)));
    List<String> others = new ArrayList<>(versions.keySet());
    others.removeAll(CORE);
    if (v.current()) {
      for (FileStatus st : fs.listStatus(v.dir())) {
        String n = st.getPath().getName();
        if (st.isDirectory() && TABLE_NAME.matcher(n).matches() && !versions.containsKey(n) && !CORE.contains(n)
            && isTable(fs, st.getPath())) {
          others.add(n);
        }
      }
    }
    others.sort(null);
    for (String o : others) {
      Path p = new Path(v.dir(), o);
      found.put(o, new Ref(p, fs.exists(new Path(p, "_delta_log")), versions.get(o)));
    }
    return found;
  }

  /**
   * Whether a folder beside the KG's tables is a table too: a Delta table, or Parquet files (a
   * Spark write's {@code _SUCCESS}, part files, or {@code column=value} partitions). Other folders
   * there (the benchmark registry, say) are not.
   */
  private static boolean isTable(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(new Path(dir, "_delta_log"))) return true;
    for (FileStatus st : fs.listStatus(dir)) {
      String n = st.getPath().getName();
      if (n.equals("_SUCCESS") || n.endsWith(".parquet") || st.isDirectory() && n.contains("=")) return true;
    }
    return false;
  }

  private static Version choose(String kg, List<Version> versions, String spec) {
    if (spec == null) {
      return versions.stream().filter(Version::current).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(kg + " has versions but no CURRENT one"));
    }
    for (Version v : versions) {
      if (v.name().equals(spec.trim()) || String.valueOf(v.index()).equals(spec.trim())) return v;
    }
    List<String> known = versions.stream().map(v -> v.index() + "=" + v.name() + (v.current() ? " (current)" : "")).toList();
    throw new IllegalArgumentException("PhenoKG " + kg + " has no version '" + spec + "' (kept: " + String.join(", ", known) + ")");
  }

  private static Map<String, Ref> tablesOf(FileSystem fs, Path dir) throws IOException {
    Map<String, Ref> found = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      String n = st.getPath().getName();
      if (st.isDirectory() && TABLE_NAME.matcher(n).matches() && !n.equals(AtomicPublish.VERSIONS)) others.add(n);
    }
    List<String> ordered = new ArrayList<>();
    for (String c : CORE) if (others.remove(c)) ordered.add(c);
    others.sort(null);
    for (String o : others) if (isTable(fs, new Path(dir, o))) ordered.add(o);
    for (String o : ordered) {
      Path p = new Path(dir, o);
      found.put(o, new Ref(p, fs.exists(new Path(p, "_delta_log")), null));
    }
    return found;
  }

  private static JsonNode readManifest(FileSystem fs, Path dir) {
    Path m = new Path(dir, PhenoKg.MANIFEST);
    try {
      if (!fs.exists(m)) return null;
      try (var in = fs.open(m)) {
        return Json.MAPPER.readTree(in);
      }
    } catch (IOException e) {
      return null; // listed without counts; the table itself may still be read
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
