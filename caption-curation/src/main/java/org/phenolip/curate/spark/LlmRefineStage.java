package org.phenolip.curate.spark;

import static org.apache.spark.sql.functions.*;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.phenolip.curate.refine.AnswerCheck;
import org.phenolip.curate.refine.InFlightLimit;
import org.phenolip.curate.refine.LlmRefiner;
import org.phenolip.curate.refine.LlmSettings;
import org.phenolip.curate.refine.RefinePrompt;
import org.phenolip.curate.refine.RuleRefiner;
import org.phenolip.kg.linking.Mention;
import org.phenolip.kg.linking.PhenotypeLinker;

/**
 * LLM refinement of this run's subfigures, in executor tasks. Each distinct input
 * ({@code subcaption_full}) has the key sha256(model \n prompt version \n input); keys found in the
 * cache table are answered from it without a request. The misses are refined in partitions, each
 * with its share of {@code --llm-max-requests} (retries included, so all executors together never
 * exceed it) and {@link InFlightLimit} requests in flight per executor. Answered inputs (accepted or
 * rejected by the check) are appended to the cache; failed ones (HTTP, timeout, malformed, budget)
 * are not, so the next run asks again. A subfigure without an accepted answer keeps its rule-refined
 * text and gets a reject row (stage {@code refine}, reason {@code llm-<code>}) saying why.
 */
public final class LlmRefineStage {
  public record Result(Dataset<Row> subfigures, Dataset<Row> rejects, Map<String, Long> counts) {}

  static final StructType OUTCOME = new StructType()
      .add("key", StringType, false).add("status", StringType, false).add("text", StringType, true)
      .add("reason", StringType, true).add("detail", StringType, true).add("requests", IntegerType, false);

  private LlmRefineStage() {}

  /** The cache key column: sha256 hex of model, prompt version and input, joined by newlines. */
  static Column key(LlmSettings s) {
    return sha2(concat_ws("\n", lit(s.model()), lit(RefinePrompt.VERSION), coalesce(col("subcaption_full"), lit(""))), 256);
  }

  public static Result apply(SparkSession spark, Dataset<Row> sub, String cachePath, LlmSettings s, PhenotypeLinker linker) {
    Dataset<Row> keyed = sub.withColumn("refine_key", key(s));
    Dataset<Row> inputs = keyed.select(col("refine_key"), coalesce(col("subcaption_full"), lit("")).as("text"),
        expr("array_sort(transform(links, l -> l.hpo_id))").as("ids")).dropDuplicates("refine_key");
    boolean hasCache = CurateJob.exists(spark, cachePath);
    Dataset<Row> cached = null;
    Dataset<Row> misses = inputs;
    if (hasCache) {
      Dataset<Row> cache = spark.read().format("delta").load(cachePath).dropDuplicates("key");
      cached = cache.join(inputs, cache.col("key").equalTo(inputs.col("refine_key")), "left_semi")
          .select(col("key"), col("status"), col("answer").as("text"), col("reason"), col("detail"), lit(0).as("requests"));
      misses = inputs.join(cache.select("key"), inputs.col("refine_key").equalTo(cache.col("key")), "left_anti");
    }
    JavaRDD<Row> missRdd = misses.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
    List<Long> sizes = missRdd.mapPartitions(it -> {
      long n = 0;
      for (; it.hasNext(); it.next()) n++;
      return List.of(n).iterator();
    }).collect();
    long[] allowance = allowances(sizes, s.maxRequests());
    Broadcast<PhenotypeLinker> bLinker = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(linker);
    JavaRDD<Row> outcomeRdd = missRdd.mapPartitionsWithIndex(
        (p, it) -> refinePartition(it, s, allowance[p], bLinker.value()), false);
    // computed once here (eager): every later use reads these rows, no request is ever repeated
    Dataset<Row> outcomes = spark.createDataFrame(outcomeRdd, OUTCOME).localCheckpoint();
    missRdd.unpersist();

    Dataset<Row> answered = outcomes.filter(col("status").isin("ok", "rejected"));
    if (!answered.isEmpty()) {
      answered.select(col("key"), lit(s.model()).as("model"), lit(RefinePrompt.VERSION).as("prompt_version"),
              col("status"), col("text").as("answer"), col("reason"), col("detail"), current_timestamp().as("created_at"))
          .write().format("delta").mode("append").save(cachePath);
    }

    Dataset<Row> lookup = (cached == null ? outcomes.withColumn("cached", lit(false))
        : cached.withColumn("cached", lit(true)).unionByName(outcomes.withColumn("cached", lit(false))));
    Dataset<Row> joined = keyed.join(lookup, keyed.col("refine_key").equalTo(lookup.col("key")), "left").localCheckpoint();
    Column ok = col("status").equalTo("ok");
    Dataset<Row> refined = joined
        .withColumn("refined_caption", when(ok, col("text")).otherwise(col("refined_caption")))
        .withColumn("refine_method", when(ok, lit(s.method())).otherwise(col("refine_method")))
        .select(Arrays.stream(CuratedSchema.SUBFIGURE.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    Dataset<Row> rejects = joined.filter(not(ok)).select(col("subfigure_id").as("source"), lit("refine").as("stage"),
        concat(lit("llm-"), col("reason")).as("reason"),
        concat_ws("; ", lit("kept the " + RuleRefiner.VERSION + " text"), when(col("cached"), lit("cached answer")),
            col("detail")).as("detail"));

    // counts from the two checkpointed frames, one small job each
    Map<String, Long> counts = new TreeMap<>();
    long missCount = sizes.stream().mapToLong(Long::longValue).sum();
    long requests = 0;
    for (Row r : outcomes.groupBy("status", "reason").agg(count(lit(1)), sum("requests")).collectAsList()) {
      counts.put("llm:" + r.getString(0) + (r.isNullAt(1) ? "" : ":" + r.getString(1)), r.getLong(2));
      requests += r.getLong(3);
    }
    counts.put("llm:requests", requests);
    long hits = 0;
    for (Row r : joined.groupBy(when(ok, lit("refine:llm")).otherwise(lit("refine:rules-fallback")).as("c"))
        .agg(count(lit(1)), countDistinct(when(col("cached"), col("refine_key")))).collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
      hits += r.getLong(2);
    }
    counts.put("llm:cache_hits", hits);
    counts.put("llm:inputs", hits + missCount);
    return new Result(refined, rejects, counts);
  }

  /** Splits the budget over partitions in order of their misses; what no miss needs is spread as retry headroom. */
  static long[] allowances(List<Long> sizes, long budget) {
    long[] a = new long[sizes.size()];
    long left = budget;
    int nonEmpty = 0;
    for (int p = 0; p < a.length; p++) {
      a[p] = Math.min(sizes.get(p), left);
      left -= a[p];
      if (sizes.get(p) > 0) nonEmpty++;
    }
    if (left > 0 && nonEmpty > 0) {
      long share = left / nonEmpty;
      long extra = left % nonEmpty;
      for (int p = 0; p < a.length; p++) {
        if (sizes.get(p) == 0) continue;
        a[p] += share + (extra-- > 0 ? 1 : 0);
      }
    }
    return a;
  }

  private static Iterator<Row> refinePartition(Iterator<Row> it, LlmSettings s, long allowance, PhenotypeLinker linker) {
    List<Row> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    if (rows.isEmpty()) return Collections.emptyIterator();
    AtomicLong left = new AtomicLong(allowance);
    LlmRefiner refiner = new LlmRefiner(s, new AnswerCheck(t -> phenotypes(linker, t)));
    Semaphore inFlight = InFlightLimit.of(s.concurrency());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(s.concurrency(), rows.size()), r -> {
      Thread t = new Thread(r, "phenolip-llm");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Row>> futures = new ArrayList<>();
      for (Row r : rows) {
        String key = r.getString(0);
        String text = r.getString(1);
        Set<String> ids = new HashSet<>(r.getList(2));
        futures.add(pool.submit(() -> {
          inFlight.acquire();
          try {
            var f = refiner.refine(text, ids, () -> left.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0);
            return RowFactory.create(key, f.status().name().toLowerCase(Locale.ROOT), f.text(), f.reason(), f.detail(), f.requests());
          } catch (RuntimeException e) {
            // the job never dies because of the LLM step: the subfigure keeps its rule-refined text
            return RowFactory.create(key, "failed", null, "internal-error", e.toString(), 0);
          } finally {
            inFlight.release();
          }
        }));
      }
      List<Row> out = new ArrayList<>(futures.size());
      for (Future<Row> f : futures) out.add(f.get());
      return out.iterator();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("LLM refinement interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("LLM refinement failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static Set<String> phenotypes(PhenotypeLinker linker, String text) {
    Set<String> ids = new HashSet<>();
    // negated mentions as normal findings (NOT:HP:...), so an answer that flips "no pneumonia" into "pneumonia" fails the check
    for (Mention m : linker.link(text)) ids.add(m.negated() ? org.phenolip.core.schema.ExcludedPhenotype.of(m.hpoId()) : m.hpoId());
    return ids;
  }
}
