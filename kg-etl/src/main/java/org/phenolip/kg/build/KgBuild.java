package org.phenolip.kg.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring_index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import com.fasterxml.jackson.databind.JsonNode;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.io.Checksums;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.PublishLock;
import org.phenolip.core.io.Storage;
import org.phenolip.core.kg.KgCommitLog;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.schema.ExcludedPhenotype;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.JobStage;
import org.phenolip.core.spark.Progress;
import org.phenolip.kg.linking.Mention;
import org.phenolip.kg.linking.PhenotypeDictionary;
import org.phenolip.kg.linking.PhenotypeLinker;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.OntologyLoader;
import org.phenolip.kg.ontology.Phenotype;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.ParsedArticle;
import org.phenolip.kg.pmc.PmcLimits;
import org.phenolip.kg.pmc.PmcReader;
import org.phenolip.kg.pmc.SourceDocument;

/**
 * {@code phenolip kg build}: HPO + PMC sources → a new PhenoKG version: Delta tables (a rebuild
 * replaces only the rows of changed sources) and a KG commit with its manifest, atomic across tables. Sources are parsed and linked on the executors; only
 * file paths travel from the driver. A rerun whose inputs and settings are unchanged does nothing.
 */
public final class KgBuild {
  public static final String VERSION = "0.1.0";

  /** What to build. {@code relatedSynonyms} admits the lower-confidence related-synonym tier. */
  /**
   * What to build. {@code pmc}: local folders or files (legacy layouts, or a {@code kg fetch} mirror);
   * {@code pmcUris}: mirrors given as Hadoop URIs (hdfs://, s3a://, file:).
   */
  public record Options(String hpo, List<Path> pmc, String out, boolean relatedSynonyms, boolean force, PmcLimits limits,
      List<String> pmcUris) {
    public Options(Path hpo, List<Path> pmc, String out, boolean relatedSynonyms, boolean force) {
      this(hpo.toString(), pmc, out, relatedSynonyms, force, PmcLimits.DEFAULT, List.of());
    }

    public Options(Path hpo, List<Path> pmc, String out, boolean relatedSynonyms, boolean force, PmcLimits limits) {
      this(hpo.toString(), pmc, out, relatedSynonyms, force, limits, List.of());
    }

    public Options(Path hpo, List<Path> pmc, String out, boolean relatedSynonyms, boolean force, PmcLimits limits,
        List<String> pmcUris) {
      this(hpo.toString(), pmc, out, relatedSynonyms, force, limits, pmcUris);
    }

    String settings() {
      // the limits decide what is rejected, so a change of limits is a change of output
      return "linker=v1;related=" + relatedSynonyms + ";limits=" + limits;
    }
  }

  /**
   * What a build did: {@code kg} is the PhenoKG's root ({@link KgTables#open} reads it), the
   * manifest holds the KG version committed; {@code upToDate} if the build was skipped.
   */
  public record Result(String kg, boolean upToDate, KgManifest manifest) {
    public long kgVersion() { return manifest.kgVersion(); }
  }

  private final SparkSession spark;

  public KgBuild(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Builds under the output's {@link PublishLock}: of two builds on one KG, one runs and the
   * other stops at once with a {@link PublishLock.HeldException} (one line), having written nothing.
   */
  public Result run(Options o) {
    if (Storage.isLocal(o.hpo()) ? !Files.isRegularFile(Storage.localPath(o.hpo())) : !Storage.forTask().exists(o.hpo())) {
      throw new IllegalArgumentException("--hpo " + o.hpo() + " is not a file");
    }
    PublishLock lock;
    try {
      lock = PublishLock.acquire(o.out(), Storage.forTask().conf(), "kg build");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + o.out() + ": " + e.getMessage(), e);
    }
    try (lock) {
      return runLocked(o);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock on " + o.out() + ": " + e.getMessage(), e);
    }
  }

  private Result runLocked(Options o) {
    // kg fetch mirrors (version folders, fetch log) and legacy inputs (loose JATS, OA packages)
    Configuration hconf = spark.sparkContext().hadoopConfiguration();
    List<String> mirrorRoots = new ArrayList<>(o.pmcUris());
    List<Path> legacy = new ArrayList<>();
    for (Path r : o.pmc()) {
      String uri = r.toAbsolutePath().normalize().toUri().toString();
      if (Files.isDirectory(r) && MirrorInputs.isMirror(uri, hconf)) mirrorRoots.add(uri);
      else legacy.add(r);
    }
    List<Path> sources = InputFiles.pmcSources(legacy);
    MirrorInputs mirrors = MirrorInputs.of(spark, mirrorRoots);
    Map<String, String> inputs = new TreeMap<>(InputFiles.checksums(sources));
    inputs.putAll(mirrors.checksums());
    List<String> allSources = new ArrayList<>(sources.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    allSources.addAll(mirrors.folders());
    // The HPO release: a local file, or a Hadoop URI read through a per-JVM local copy.
    String hpoKey = Storage.absolute(o.hpo());
    Path hpoFile;
    try {
      hpoFile = Storage.forTask().localTree(o.hpo());
      inputs.put(hpoKey, Checksums.sha256(hpoFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + o.hpo(), e);
    }
    String out = o.out();
    KgCommitLog log = new KgCommitLog(Storage.forTask(), out);
    JsonNode lastCommit = lastCommit(log, out);
    KgManifest previous = manifestOf(lastCommit);
    Map<String, Long> recorded = lastCommit == null ? Map.of() : KgCommitLog.tableVersions(lastCommit);
    // A KG built before a core table existed (negated_pairs) is rebuilt in full: neither up to date nor a base to reuse.
    boolean complete = KgTables.CORE.stream().allMatch(recorded::containsKey);
    if (previous != null && !complete) {
      Progress.status("PhenoKG in " + out + " lacks the tables " + KgTables.CORE.stream().filter(t -> !recorded.containsKey(t)).toList()
          + " (built by an earlier PhenoLIP): rebuilding every table");
    }
    if (!o.force() && complete && previous != null && previous.inputs().equals(inputs)
        && previous.settings().equals(o.settings()) && VERSION.equals(previous.phenolipVersion())) {
      Progress.status("PhenoKG in " + out + " is up to date (inputs and settings unchanged): nothing to do");
      return new Result(out, true, previous);
    }

    // Sources whose checksum the last version already holds (same HPO, settings and code) are not
    // parsed again: their rows stay, and only the changed sources' rows are replaced.
    boolean sameBase = !o.force() && complete && previous != null && previous.settings().equals(o.settings())
        && VERSION.equals(previous.phenolipVersion()) && inputs.get(hpoKey).equals(previous.inputs().get(hpoKey));
    List<String> reused = new ArrayList<>();
    if (sameBase) {
      for (String k : allSources) {
        if (inputs.get(k).equals(previous.inputs().get(k))) reused.add(k);
      }
    }
    KgDeltaTables tables = new KgDeltaTables(spark, out);
    JobStage.run(spark, "kg-build", "roll back tables a killed build left", () -> tables.rollBackUncommitted(recorded));

    Ontology ontology = JobStage.run(spark, "kg-build", "load HPO " + hpoFile.getFileName(), () -> OntologyLoader.load(hpoFile));
    PhenotypeLinker linker = JobStage.run(spark, "kg-build", "build the phenotype dictionary",
        () -> PhenotypeLinker.of(PhenotypeDictionary.fromOntology(ontology)));
    Map<String, String[]> labelAndSystem = new HashMap<>();
    for (Phenotype p : ontology.terms()) labelAndSystem.put(p.id(), new String[] {p.label(), p.system()});

    Map<String, KgManifest.DatasetCount> counts = new LinkedHashMap<>();
    Map<String, Long> tableVersions = new TreeMap<>();
    if (sameBase && recorded.containsKey(PhenoKg.PHENOTYPES) && recorded.containsKey(PhenoKg.EDGES)) {
      // The same HPO release: its tables stay at their versions.
      for (String t : List.of(PhenoKg.PHENOTYPES, PhenoKg.EDGES)) {
        counts.put(t, previous.datasets().get(t));
        tableVersions.put(t, recorded.get(t));
      }
    } else {
      JobStage.run(spark, "kg-build", "write phenotypes and edges", () -> {
        List<Row> phen = ontology.terms().stream().map(KgRows::phenotype).toList();
        // One local partition: each system folder gets one file, with no shuffle.
        tables.overwrite(PhenoKg.PHENOTYPES, spark.createDataFrame(phen, PhenoKg.PHENOTYPE).coalesce(1));
        Map<String, Long> bySystem = new TreeMap<>();
        for (Phenotype t : ontology.terms()) bySystem.merge(t.system(), 1L, Long::sum);
        counts.put(PhenoKg.PHENOTYPES, new KgManifest.DatasetCount(phen.size(), bySystem));
        List<Row> edges = ontology.edges().stream().map(KgRows::edge).toList();
        tables.overwrite(PhenoKg.EDGES, spark.createDataFrame(edges, PhenoKg.EDGE).coalesce(1));
        counts.put(PhenoKg.EDGES, new KgManifest.DatasetCount(edges.size(), Map.of()));
        tableVersions.put(PhenoKg.PHENOTYPES, tables.version(PhenoKg.PHENOTYPES));
        tableVersions.put(PhenoKg.EDGES, tables.version(PhenoKg.EDGES));
      });
    }

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<PhenotypeLinker> bLinker = jsc.broadcast(linker);
    Broadcast<Map<String, String[]>> bTerms = jsc.broadcast(labelAndSystem);
    PmcLimits limits = o.limits();
    java.util.Set<String> reusedSet = new java.util.HashSet<>(reused);
    List<String> paths = allSources.stream().filter(p -> !reusedSet.contains(p)).toList();
    int slices = Math.max(1, Math.min(Math.max(1, paths.size()), spark.sparkContext().defaultParallelism() * 4));
    JavaRDD<KgRecord> records = jsc.parallelize(paths, slices)
        .mapPartitions(it -> {
          List<KgRecord> parsed = new ArrayList<>();
          while (it.hasNext()) parsed.addAll(parseAndLink(it.next(), bLinker.value(), bTerms.value(), limits));
          return parsed.iterator();
        })
        .persist(StorageLevel.MEMORY_AND_DISK());

    // Incremental: the rows of changed, new and dropped sources are replaced; the rest stay as they are.
    boolean incremental = !reused.isEmpty();
    List<String> changedSources = new ArrayList<>(paths);
    if (previous != null) {
      previous.inputs().keySet().stream().filter(k -> !inputs.containsKey(k) && !k.equals(hpoKey)).forEach(changedSources::add);
    }
    Map<String, Long> reconciliation = new LinkedHashMap<>();
    JobStage.run(spark, "kg-build", "parse " + paths.size() + " PMC sources (" + reused.size()
        + " unchanged, kept), link captions, write Delta tables" + (incremental ? " (changed rows only)" : ""), () -> {
      Map<String, Dataset<Row>> parsed = new LinkedHashMap<>();
      for (String ds : List.of(PhenoKg.ARTICLES, PhenoKg.FIGURES, PhenoKg.PAIRS, PhenoKg.NEGATED_PAIRS, PhenoKg.REJECTS)) {
        JavaRDD<Row> rows = records.filter(r -> r.dataset().equals(ds)).map(KgRecord::row);
        parsed.put(ds, spark.createDataFrame(rows, PhenoKg.schemaOf(ds)));
      }
      if (incremental) {
        Dataset<Row> changed = spark.createDataFrame(changedSources.stream().map(RowFactory::create).toList(), SOURCE_FILE);
        // Articles of the changed sources as they were, and as they are now: their figures and pairs are replaced.
        Dataset<Row> changedArticles = tables.read(PhenoKg.ARTICLES)
            .join(changed, substring_index(col("source"), "!", 1).equalTo(col("source_file")))
            .select("article_id").union(parsed.get(PhenoKg.ARTICLES).select("article_id")).distinct().localCheckpoint();
        String bySource = "substring_index(t.source, '!', 1) = s.source_file";
        tables.deleteMatching(PhenoKg.FIGURES, changedArticles, "t.article_id = s.article_id");
        tables.deleteMatching(PhenoKg.PAIRS, changedArticles, "t.article_id = s.article_id");
        tables.deleteMatching(PhenoKg.NEGATED_PAIRS, changedArticles, "t.article_id = s.article_id");
        tables.deleteMatching(PhenoKg.ARTICLES, changed, bySource);
        tables.deleteMatching(PhenoKg.REJECTS, changed, bySource);
        parsed.forEach(tables::append);
      } else {
        parsed.forEach((ds, df) -> tables.overwrite(ds, KgDeltaTables.partitioned(ds) ? df.repartition(col(PhenoKg.SYSTEM)) : df));
      }
      for (String ds : parsed.keySet()) {
        tableVersions.put(ds, tables.version(ds));
        Dataset<Row> written = tables.read(ds);
        counts.put(ds, KgDeltaTables.partitioned(ds)
            ? countByPartition(written, written.count())
            : new KgManifest.DatasetCount(written.count(), Map.of()));
      }
      // every marker counted in one pass over the parsed records
      Map<String, Long> marks = records.map(KgRecord::dataset).countByValue();
      // Articles kept from the last version: each kept source was an article or a rejected source there.
      long keptArticles = counts.get(PhenoKg.ARTICLES).rows() - marks.getOrDefault(PhenoKg.ARTICLES, 0L);
      long sourceRejects = marks.getOrDefault(SOURCE_REJECT, 0L) + reused.size() - keptArticles;
      reconciliation.put("sources_read", (long) paths.size() + reused.size());
      reconciliation.put("sources_parsed", (long) paths.size());
      reconciliation.put("sources_reused", (long) reused.size());
      reconciliation.put("articles_written", counts.get(PhenoKg.ARTICLES).rows());
      reconciliation.put("sources_rejected", sourceRejects);
      reconciliation.put("reject_rows", counts.get(PhenoKg.REJECTS).rows());
      reconciliation.put("figures_written", counts.get(PhenoKg.FIGURES).rows());
      // Over the sources parsed in this run: every figure read is written or dropped with a reject.
      long figuresParsed = marks.getOrDefault(FIGURE_READ, 0L);
      long figuresDropped = marks.getOrDefault(FIGURE_DROPPED, 0L);
      reconciliation.put("figures_parsed", figuresParsed);
      reconciliation.put("figures_dropped", figuresDropped);
      reconciliation.put("figures_written_parsed", marks.getOrDefault(PhenoKg.FIGURES, 0L));
      for (Row r : tables.read(PhenoKg.REJECTS).groupBy("reason").count().orderBy("reason").collectAsList()) {
        reconciliation.put("rejects." + r.getString(0), r.getLong(1));
      }
      // Mentions are counted over the sources parsed in this run.
      reconciliation.put("mentions_found", marks.getOrDefault(MENTION, 0L));
      reconciliation.put("mentions_negated", marks.getOrDefault(NEGATED, 0L));
      reconciliation.put("pairs_written", counts.get(PhenoKg.PAIRS).rows());
      reconciliation.put("negated_pairs_written", counts.get(PhenoKg.NEGATED_PAIRS).rows());
      // kg fetch mirrors: versions left out (retracted, removed, superseded in the fetch log), and
      // sources of the previous version that are gone from this one (their rows are deleted)
      reconciliation.putAll(mirrors.counts());
      if (previous != null) reconciliation.put("sources_dropped", (long) (changedSources.size() - paths.size()));
    });
    records.unpersist(false);
    if (reconciliation.get("sources_read") != reconciliation.get("articles_written") + reconciliation.get("sources_rejected")
        || reconciliation.get("figures_parsed") != reconciliation.get("figures_written_parsed") + reconciliation.get("figures_dropped")) {
      // The tables' new Delta versions are not committed: readers keep the last KG version, the next build rolls them back.
      throw new IllegalStateException("counts do not reconcile: " + reconciliation + " (no KG version committed in " + out + ")");
    }

    Map<String, Object> linking = new LinkedHashMap<>();
    linking.put("dictionary_entries", linker.dictionary().size());
    linking.put("dictionary_keys", linker.dictionary().keys());
    linking.put("entries_filtered_as_ambiguous", linker.dictionary().rejected().size());
    long kgVersion = lastCommit == null ? 0 : lastCommit.path(KgCommitLog.KG_VERSION).asLong() + 1;
    KgManifest manifest = new KgManifest(KgManifest.FORMAT, Instant.now().toString(), VERSION, spark.version(),
        ontology.version(), o.settings(), inputs, counts, reconciliation, linking, kgVersion, tableVersions);
    try {
      log.commit(kgVersion, Json.MAPPER.valueToTree(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit KG version " + kgVersion + " to " + out + ": " + e.getMessage(), e);
    }
    Progress.status("PhenoKG version " + kgVersion + " committed in " + out + " (Delta versions " + tableVersions + ")");
    return new Result(out, false, manifest);
  }

  private static final org.apache.spark.sql.types.StructType SOURCE_FILE = new org.apache.spark.sql.types.StructType()
      .add("source_file", org.apache.spark.sql.types.DataTypes.StringType, false);

  static final String SOURCE_REJECT = "_source_reject";
  static final String MENTION = "_mention";
  static final String NEGATED = "_negated";
  static final String FIGURE_READ = "_figure_read";
  static final String FIGURE_DROPPED = "_figure_dropped";

  /** Everything one source file yields: article, figures, rejects, pairs, and counting markers. */
  static List<KgRecord> parseAndLink(String path, PhenotypeLinker linker, Map<String, String[]> terms) {
    return parseAndLink(path, linker, terms, PmcLimits.DEFAULT);
  }

  static List<KgRecord> parseAndLink(String path, PhenotypeLinker linker, Map<String, String[]> terms, PmcLimits limits) {
    List<KgRecord> out = new ArrayList<>();
    ParsedArticle parsed = MirrorInputs.isVersionFolder(path)
        ? org.phenolip.kg.pmc.PmcVersionReader.read(path, Storage.forTask().conf(), limits)
        : PmcReader.read(Path.of(path), limits);
    for (var r : parsed.rejects()) {
      out.add(new KgRecord(PhenoKg.REJECTS, KgRows.reject(r)));
      if (r.reasonEnum().dropsFigure()) {
        out.add(new KgRecord(FIGURE_READ, RowFactory.create(r.source())));
        out.add(new KgRecord(FIGURE_DROPPED, RowFactory.create(r.source())));
      }
    }
    if (parsed.isRejected()) {
      out.add(new KgRecord(SOURCE_REJECT, RowFactory.create(path)));
      return out;
    }
    out.add(new KgRecord(PhenoKg.ARTICLES, KgRows.article(parsed.article())));
    for (Figure f : parsed.figures()) {
      out.add(new KgRecord(FIGURE_READ, RowFactory.create(f.figureId())));
      out.add(new KgRecord(PhenoKg.FIGURES, KgRows.figure(f)));
      String text = captionText(f);
      if (text == null) continue;
      List<Mention> mentions = linker.link(text);
      for (Mention m : mentions) out.add(new KgRecord(m.negated() ? NEGATED : MENTION, RowFactory.create(f.figureId())));
      for (Mention m : Mention.bestPerTerm(mentions, false)) {
        out.add(new KgRecord(PhenoKg.PAIRS, link(f, m, f.figureId() + "#" + m.hpoId(), terms)));
      }
      for (Mention m : Mention.bestPerTerm(mentions, true)) {
        out.add(new KgRecord(PhenoKg.NEGATED_PAIRS, link(f, m, f.figureId() + "#" + ExcludedPhenotype.of(m.hpoId()), terms)));
      }
    }
    return out;
  }

  /** A {@link PhenoKg#PAIR} row: the caption and image stay in the figure row, the pair names the field its span indexes into. */
  private static Row link(Figure f, Mention m, String pairId, Map<String, String[]> terms) {
    String[] ls = terms.get(m.hpoId());
    return RowFactory.create(pairId, f.figureId(), f.articleId(), linkedField(f), m.hpoId(), ls == null ? null : ls[0],
        m.matchedText(), m.start(), m.end(), m.tier().name().toLowerCase(java.util.Locale.ROOT), m.confidence(),
        ls == null ? "other" : ls[1]);
  }

  /** The text linked for a figure: its caption (which includes the title), else the title alone. */
  static String captionText(Figure f) {
    if (f.caption() != null && !f.caption().isBlank()) return f.caption();
    return f.captionTitle() == null || f.captionTitle().isBlank() ? null : f.captionTitle();
  }

  /** The figure column {@link #captionText} took: what a pair's spans index into. */
  static String linkedField(Figure f) {
    return f.caption() != null && !f.caption().isBlank() ? "caption" : "caption_title";
  }

  private static KgManifest.DatasetCount countByPartition(Dataset<Row> df, long total) {
    Map<String, Long> parts = new TreeMap<>();
    for (Row r : df.groupBy(PhenoKg.SYSTEM).count().collectAsList()) parts.put(r.getString(0), r.getLong(1));
    return new KgManifest.DatasetCount(total, parts);
  }

  /**
   * The last KG commit of {@code out}, or null for a new KG. A folder that holds a PhenoKG in the
   * layout before Delta (versions/ + CURRENT) is refused rather than mixed with Delta tables.
   */
  private static JsonNode lastCommit(KgCommitLog log, String out) {
    try {
      Long last = log.latest();
      if (last == null) {
        Storage st = Storage.forTask();
        if (st.exists(Storage.child(out, AtomicPublish.CURRENT)) || st.exists(Storage.child(out, AtomicPublish.VERSIONS))) {
          throw new IllegalArgumentException(out + " holds a PhenoKG in the Parquet layout of PhenoLIP before Delta "
              + "(versions/ + CURRENT): build the Delta PhenoKG into a new folder (the old one stays readable)");
        }
        return null;
      }
      return log.read(last);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the KG commits of " + out + ": " + e.getMessage(), e);
    }
  }

  static KgManifest manifestOf(JsonNode commit) {
    if (commit == null) return null;
    try {
      return Json.MAPPER.treeToValue(commit, KgManifest.class);
    } catch (IOException e) {
      Progress.status("last KG commit unreadable (" + e.getMessage() + "): rebuilding");
      return null;
    }
  }
}
