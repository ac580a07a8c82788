package org.phenolip.kg.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.kg.fetch.Licences;
import org.phenolip.kg.fetch.RetryPolicy;
import org.phenolip.kg.fetch.spark.FetchJob;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"Mirror PMC Open Access articles (JATS XML, metadata JSON, the figure images the XML references) from the "
        + "PMC Cloud Service bucket, anonymously, incrementally and resumably.",
        "Default licences: CC0, CC BY, CC BY-SA, CC BY-ND (commercial reuse). Fetch log: MIRROR/_fetch_log (Delta)."})
public final class FetchCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Mirror folder (local path, hdfs://, s3a://).")
  String out;

  @Option(names = "--source", defaultValue = "s3://pmc-oa-opendata",
      description = "s3://BUCKET (anonymous HTTPS), http(s)://host[:port][/bucket] (S3-compatible endpoint) or file://FOLDER "
          + "(default: ${DEFAULT-VALUE}).")
  String source;

  static final class Selection {
    @Option(names = "--inventory", description = "Enumerate from an inventory report: latest (default), a report id or a date.")
    String inventory;

    @Option(names = "--since", description = "Discover PMCIDs changed since DATE (YYYY-MM-DD) through OAI-PMH (3 req/s, one at a time).")
    String since;

    @Option(names = "--ids", description = "File of PMCIDs (one a line) to fetch the latest version of (a local path or a Hadoop URI).")
    String ids;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Selection selection = new Selection();

  @Option(names = "--oai", description = "OAI-PMH base URL for --since (default: " + "https://pmc.ncbi.nlm.nih.gov/api/oai/v1/mh/).")
  String oai;

  @Option(names = {"--licence", "--license"}, defaultValue = "commercial",
      description = "Licence codes to keep, comma-separated (\"CC0,CC BY\"), 'commercial' (CC0, CC BY, CC BY-SA, CC BY-ND) or 'all' "
          + "(default: ${DEFAULT-VALUE}).")
  String licence;

  @Option(names = "--limit", defaultValue = "0", description = "Fetch at most N versions this run (0: all).")
  int limit;

  @Option(names = "--max-concurrency", defaultValue = "4", description = "Requests in flight per executor (default: ${DEFAULT-VALUE}).")
  int maxConcurrency;

  @Option(names = "--max-rps", defaultValue = "20", description = "Requests per second, all executors together (default: ${DEFAULT-VALUE}).")
  double maxRps;

  @Option(names = "--retries", defaultValue = "5", description = "Attempts per object, the first included (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--timeout", defaultValue = "60", description = "Seconds per request, body included (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--batch", defaultValue = "200", description = "Versions per task between fetch-log commits (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--supplementary", description = "Also fetch every media file (supplementary data), not only the referenced images.")
  boolean supplementary;

  @Option(names = "--dry-run", description = "List and diff only: print what would be fetched, send no GET for article files.")
  boolean dryRun;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    if (maxConcurrency < 1 || maxRps <= 0 || retries < 1 || timeout < 1 || limit < 0) {
      throw new IllegalArgumentException("--max-concurrency, --max-rps, --retries and --timeout must be positive, --limit >= 0");
    }
    spark.conf.putIfAbsent("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    spark.conf.putIfAbsent("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    // executors resolve the mirror path themselves: make a local one absolute
    if (!out.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*")) out = java.nio.file.Path.of(out).toAbsolutePath().normalize().toString();
    var session = spark.session("phenolip kg fetch");
    var o = new FetchJob.Options(source, out, selection.inventory, selection.since, oai, Licences.parse(licence), selection.ids, limit,
        maxConcurrency, maxRps, dryRun, supplementary, Duration.ofSeconds(timeout),
        new RetryPolicy(retries, RetryPolicy.DEFAULT.baseDelayMillis(), RetryPolicy.DEFAULT.maxDelayMillis()), batch);
    FetchJob.Result r = new FetchJob(session).run(o);
    System.out.println(summary(r));
    return r.outcomes().getOrDefault("failed", 0L) > 0 ? 3 : 0;
  }

  static String summary(FetchJob.Result r) {
    StringBuilder b = new StringBuilder(r.dryRun() ? "kg fetch (dry run): would fetch " : "kg fetch: ");
    if (r.dryRun()) {
      b.append(r.changes()).append(", unchanged ").append(r.unchanged());
    } else {
      Map<String, Long> o = r.outcomes();
      b.append(String.format(Locale.ROOT, "fetched %d (new/changed: %s), unchanged %d, skipped %d, retracted %d, removed %d, "
              + "superseded %d, failed %d%s; %d requests (%d retries), %.2f MB",
          o.getOrDefault("fetched", 0L), r.changes(), r.unchanged(), o.getOrDefault("skipped", 0L), o.getOrDefault("retracted", 0L),
          o.getOrDefault("removed", 0L), o.getOrDefault("superseded", 0L), o.getOrDefault("failed", 0L),
          r.failures().isEmpty() ? "" : " by reason " + r.failures(), r.requests(), r.retries(), r.bytes() / 1e6));
    }
    if (r.limitedOut() > 0) b.append("; ").append(r.limitedOut()).append(" left for the next run (--limit)");
    return b.toString();
  }
}
