package org.phenolip.kg.fetch.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.phenolip.core.spark.JobStage;
import org.phenolip.core.io.Storage;
import org.phenolip.core.spark.Progress;
import org.phenolip.kg.fetch.BucketClient;
import org.phenolip.kg.fetch.FetchPlan;
import org.phenolip.kg.fetch.FetchStats;
import org.phenolip.kg.fetch.Inventory;
import org.phenolip.kg.fetch.Licences;
import org.phenolip.kg.fetch.LogState;
import org.phenolip.kg.fetch.Mirror;
import org.phenolip.kg.fetch.OaiPmhClient;
import org.phenolip.kg.fetch.ObjectStore;
import org.phenolip.kg.fetch.RetryPolicy;
import org.phenolip.kg.fetch.VersionFetcher;
import org.phenolip.kg.fetch.VersionKey;
import org.phenolip.kg.fetch.VersionResult;
import org.phenolip.kg.fetch.WorkItem;

/**
 * {@code kg fetch} on Spark: the driver lists the versions (inventory, id list or OAI-PMH
 * discovery), diffs them against the fetch log and cuts the work into waves; each wave is one Spark
 * job whose tasks fetch their share with {@code maxConcurrency} threads and {@code maxRps / tasks}
 * requests a second, and the driver appends the wave's results to the fetch log. A run killed
 * mid-wave loses only that wave's log rows; its files are in the mirror and the restarted run
 * finds them there by MD5, without a request.
 */
public final class FetchJob {
  public record Options(String source, String out, String inventory, String since, String oai, Licences licences, String ids,
      int limit, int maxConcurrency, double maxRps, boolean dryRun, boolean supplementary, Duration timeout, RetryPolicy retry,
      int batch) implements Serializable {}

  /** What a run did: the plan's counts, the fetch results, request totals. */
  public record Result(Map<String, Long> changes, long unchanged, long limitedOut, Map<String, Long> outcomes,
      Map<String, Long> failures, long requests, long retries, long bytes, boolean dryRun) {}

  private final SparkSession spark;

  public FetchJob(SparkSession spark) {
    this.spark = spark;
  }

  public Result run(Options o) {
    FetchStats driver = new FetchStats();
    String runId = UUID.randomUUID().toString();
    List<org.phenolip.kg.fetch.Inventory.Entry> listed;
    boolean complete;
    try (BucketClient client = new BucketClient(ObjectStore.open(o.source(), o.timeout()), o.maxConcurrency(), o.maxRps(),
        o.retry(), driver)) {
      Progress.status("kg fetch: anonymous reads from " + client.describe() + " into " + o.out());
      if (o.ids() != null || o.since() != null) {
        Set<String> pmcids = o.ids() != null ? readIds(Storage.of(spark), Storage.uri(o.ids())) : discover(o);
        listed = JobStage.run(spark, "kg-fetch", "list the versions of " + pmcids.size() + " PMCIDs", () -> listVersions(client, pmcids));
        complete = false;
      } else {
        Inventory.Report r = JobStage.run(spark, "kg-fetch", "read inventory " + (o.inventory() == null ? "latest" : o.inventory()),
            () -> {
              try {
                return Inventory.load(client, o.inventory());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
        Progress.status("kg fetch: inventory " + r.id() + ": " + r.entries().size() + " metadata keys");
        listed = r.entries();
        complete = true;
      }
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("kg fetch: " + e.getCause().getMessage(), e.getCause());
    }

    Map<String, LogState> log = FetchLog.latest(spark, o.out());
    FetchPlan plan = FetchPlan.of(listed, log, complete, o.licences(), o.limit());
    Progress.status("kg fetch: plan " + plan.changes() + ", unchanged " + plan.unchanged()
        + (plan.limitedOut() > 0 ? ", left for a later run by --limit " + plan.limitedOut() : ""));
    Map<String, Long> outcomes = new TreeMap<>();
    Map<String, Long> failures = new TreeMap<>();
    if (o.dryRun()) {
      return new Result(plan.changes(), plan.unchanged(), plan.limitedOut(), outcomes, failures, driver.requests(), driver.retries(),
          driver.bytes(), true);
    }
    long seq = FetchLog.nextSeq(spark, o.out());
    FetchLog.append(spark, o.out(), runId, seq, plan.marks());
    seq += plan.marks().size();
    plan.marks().forEach(m -> outcomes.merge(m.status(), 1L, Long::sum));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf = jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    int tasks = tasks(spark.sparkContext().defaultParallelism(), plan.toFetch().size(), o.maxRps());
    double taskRps = o.maxRps() / tasks;
    FetchStats total = new FetchStats().add(driver);
    Progress.Bar bar = new Progress.Bar("kg fetch", plan.toFetch().size());
    int wave = tasks * Math.max(1, o.batch());
    long done = 0;
    for (int from = 0; from < plan.toFetch().size(); from += wave) {
      List<WorkItem> items = plan.toFetch().subList(from, Math.min(plan.toFetch().size(), from + wave));
      spark.sparkContext().setJobGroup("kg-fetch", "fetch versions " + (from + 1) + "-" + (from + items.size()) + " of "
          + plan.toFetch().size(), false);
      List<TaskOutcome> outs = jsc.parallelize(new ArrayList<>(items), Math.min(tasks, items.size()))
          .mapPartitions(it -> fetchPartition(it, o, taskRps, conf.value()))
          .collect();
      spark.sparkContext().clearJobGroup();
      List<VersionResult> results = new ArrayList<>();
      for (TaskOutcome t : outs) {
        results.addAll(t.results());
        total.add(t.stats());
      }
      FetchLog.append(spark, o.out(), runId, seq, results);
      seq += results.size();
      for (VersionResult r : results) {
        outcomes.merge(r.status(), 1L, Long::sum);
        if (r.status().equals(VersionResult.FAILED)) failures.merge(r.reason(), 1L, Long::sum);
      }
      done += results.size();
      bar.update(done, String.format(java.util.Locale.ROOT, "fetched=%d failed=%d %.1f MB",
          outcomes.getOrDefault(VersionResult.FETCHED, 0L), outcomes.getOrDefault(VersionResult.FAILED, 0L), total.bytes() / 1e6));
    }
    return new Result(plan.changes(), plan.unchanged(), plan.limitedOut(), outcomes, failures, total.requests(), total.retries(),
        total.bytes(), false);
  }

  /** What one task returns: its results and its request counters. */
  public record TaskOutcome(List<VersionResult> results, FetchStats stats) implements Serializable {}

  /**
   * Fetch tasks: one per core, at most one per version, and no more than {@code --max-rps} (at
   * least one): a task's limiter can hold a share of one request per second or more to its
   * window, but independent tasks below that would sum to more than the bound in a second.
   */
  static int tasks(int parallelism, int versions, double maxRps) {
    int byRate = maxRps >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(1, Math.floor(maxRps));
    return Math.max(1, Math.min(Math.min(parallelism, versions), byRate));
  }

  static Iterator<TaskOutcome> fetchPartition(Iterator<WorkItem> it, Options o, double rps, SerializableConfiguration conf)
      throws IOException {
    List<WorkItem> items = new ArrayList<>();
    it.forEachRemaining(items::add);
    FetchStats stats = new FetchStats();
    try (BucketClient client = new BucketClient(ObjectStore.open(o.source(), o.timeout()), o.maxConcurrency(), rps, o.retry(), stats)) {
      VersionFetcher f = new VersionFetcher(client, new Mirror(o.out(), conf.value()), o.licences(), o.supplementary());
      List<VersionResult> results = f.fetchAll(items, o.maxConcurrency(), null);
      return List.of(new TaskOutcome(results, stats)).iterator();
    }
  }

  /** PMCIDs (or PMCID.version: its PMCID) from a file, one per line; '#' starts a comment. */
  static Set<String> readIds(Storage storage, String file) {
    Set<String> out = new LinkedHashSet<>();
    try {
      int n = 0;
      for (String line : storage.readString(file).split("\\R")) {
        n++;
        String s = line.replaceAll("#.*", "").strip();
        if (s.isEmpty()) continue;
        String id = s.toUpperCase(java.util.Locale.ROOT);
        if (id.matches("\\d+(\\.\\d+)?")) id = "PMC" + id;
        VersionKey v = VersionKey.parse(id);
        if (v != null) id = v.pmcid();
        if (!id.matches("PMC\\d+")) throw new IllegalArgumentException("--ids " + file + " line " + n + ": not a PMCID: " + s);
        out.add(id);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("--ids " + file + ": cannot read: " + e.getMessage());
    }
    return out;
  }

  private static Set<String> discover(Options o) {
    OaiPmhClient oai = new OaiPmhClient(o.oai() != null ? o.oai() : OaiPmhClient.DEFAULT_BASE, OaiPmhClient.MAX_RPS, o.retry(), o.timeout());
    try {
      Set<String> ids = oai.listIdentifiers(o.since(), "pmc-open");
      Progress.status("kg fetch: OAI-PMH names " + ids.size() + " PMCIDs changed since " + o.since() + " (" + oai.requests() + " requests)");
      return ids;
    } catch (IOException e) {
      throw new IllegalStateException("kg fetch --since: " + e.getMessage(), e);
    }
  }

  /** Every listed version of each PMCID, from {@code metadata/PMC<id>.} listings. */
  static List<Inventory.Entry> listVersions(BucketClient client, Set<String> pmcids) {
    List<Inventory.Entry> out = new ArrayList<>();
    try {
      for (String id : pmcids) {
        for (ObjectStore.Listed l : client.listLevel(Mirror.METADATA + "/" + id + ".").contents()) {
          VersionKey v = VersionKey.ofKey(l.key());
          if (v != null && v.pmcid().equals(id) && l.key().endsWith(".json")) out.add(new Inventory.Entry(l.key(), l.etag(), l.lastModified()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
