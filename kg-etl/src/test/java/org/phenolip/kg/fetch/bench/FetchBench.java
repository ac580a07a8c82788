package org.phenolip.kg.fetch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.Progress;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.fetch.BucketServer;
import org.phenolip.kg.fetch.Licences;
import org.phenolip.kg.fetch.RetryPolicy;
import org.phenolip.kg.fetch.spark.FetchJob;

/**
 * kg fetch throughput from the local bucket server with an added latency per request (50 ms, a
 * far-away S3 endpoint): articles/s at concurrency 1, 4 and 16 on one executor (local[1]) and at 16
 * on two (local[2]), medians of repeated runs into fresh mirrors; and whether the total request
 * rate bound holds (peak requests in any 1 s window at the server, with --max-rps set).
 *
 * <p>Usage: {@code FetchBench OUT.json [BUCKET=../data/sample/pmc-cloud] [REPEATS=3] [LATENCY_MS=50] [RPS_BOUND=40]}
 */
public final class FetchBench {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path bucket = Path.of(args.length > 1 ? args[1] : "../data/sample/pmc-cloud").toAbsolutePath().normalize();
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long latency = args.length > 3 ? Long.parseLong(args[3]) : 50;
    double bound = args.length > 4 ? Double.parseDouble(args[4]) : 40;
    Progress.setQuiet(true);
    Path tmp = Files.createTempDirectory("fetch-bench");
    List<Map<String, Object>> runs = new ArrayList<>();
    try (BucketServer server = new BucketServer(bucket)) {
      server.latencyMillis = latency;
      record Case(String name, String master, int concurrency, double rps) {}
      List<Case> cases = List.of(new Case("1 executor, concurrency 1", "local[1]", 1, 1e9), new Case("1 executor, concurrency 4", "local[1]", 4, 1e9),
          new Case("1 executor, concurrency 16", "local[1]", 16, 1e9), new Case("2 executors, concurrency 16 each", "local[2]", 16, 1e9),
          new Case("2 executors, concurrency 16, --max-rps " + (int) bound, "local[2]", 16, bound));
      String master = null;
      SparkSession spark = null;
      int n = 0;
      for (Case c : cases) {
        if (!c.master().equals(master)) {
          if (spark != null) spark.stop();
          spark = SparkSessions.getOrCreate("fetch-bench", c.master(), Map.of("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
              "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"));
          master = c.master();
          // warm-up: Delta and Spark initialise once, outside the timed runs
          new FetchJob(spark).run(options(server.url(), tmp.resolve("warm-" + n++).toString(), 16, 1e9));
        }
        List<Double> secs = new ArrayList<>(), aps = new ArrayList<>(), rps = new ArrayList<>();
        int peak = 0;
        long articles = 0;
        for (int i = 0; i < repeats; i++) {
          server.reset();
          long t0 = System.nanoTime();
          FetchJob.Result r = new FetchJob(spark).run(options(server.url(), tmp.resolve("m-" + n++).toString(), c.concurrency(), c.rps()));
          double s = (System.nanoTime() - t0) / 1e9;
          articles = r.outcomes().getOrDefault("fetched", 0L);
          secs.add(s);
          aps.add(articles / s);
          rps.add(server.total() / s);
          peak = Math.max(peak, peakPerSecond(new ArrayList<>(server.starts)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", c.name());
        m.put("master", c.master());
        m.put("max_concurrency_per_executor", c.concurrency());
        m.put("max_rps", c.rps() >= 1e9 ? null : c.rps());
        m.put("articles_fetched_per_run", articles);
        m.put("requests_per_run", server.total());
        m.put("seconds", secs);
        m.put("articles_per_s_median", median(aps));
        m.put("requests_per_s_median", median(rps));
        m.put("peak_requests_in_any_1s_window", peak);
        runs.add(m);
        System.out.printf("%-45s %6.2f articles/s  %6.1f req/s  peak %d req in 1 s%n", c.name(), median(aps), median(rps), peak);
      }
      spark.stop();
    }
    double base = (double) runs.get(0).get("articles_per_s_median");
    for (Map<String, Object> m : runs) m.put("speedup_vs_concurrency_1", (double) m.get("articles_per_s_median") / base);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "kg fetch from a local S3-style server with added latency per request");
    result.put("latency_ms_per_request", latency);
    result.put("bucket", bucket.toString());
    result.put("repeats", repeats);
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("load_average_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    result.put("runs", runs);
    Map<String, Object> last = runs.get(runs.size() - 1);
    // Each of the 2 tasks grants at most bound/2 starts in any 1.05 s: the server sees at most
    // bound in any second unless travel times vary by more than 50 ms.
    result.put("rate_bound", bound);
    result.put("rate_bound_held", (int) last.get("peak_requests_in_any_1s_window") <= bound);
    Json.write(out, result);
    System.out.println("wrote " + out);
  }

  static FetchJob.Options options(String source, String mirror, int concurrency, double rps) {
    return new FetchJob.Options(source, mirror, "latest", null, null, Licences.DEFAULT, null, 0, concurrency, rps, false, false,
        Duration.ofSeconds(30), RetryPolicy.DEFAULT, 200);
  }

  /** Most request starts in any window of one second. */
  static int peakPerSecond(List<Long> starts) {
    starts.sort(null);
    int best = 0;
    for (int i = 0, j = 0; i < starts.size(); i++) {
      while (starts.get(i) - starts.get(j) >= 1_000_000_000L) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
