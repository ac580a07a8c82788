package org.phenolip.train.loop;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Training rows laid out for a data-parallel run the way XGBoost4J-Spark feeds its workers:
 * one partition per rank holding only that rank's rows, so a barrier task reads its shard and
 * nothing else. Each row goes, for every epoch the run reaches, to the rank and step
 * {@link Sharding} gives it; Spark's sort-based shuffle moves it there (spilling to disk as
 * needed) and delivers each partition sorted by (step, slot). So the global batch of step t
 * is the same set of rows whatever the worker count, and no row passes through the driver.
 *
 * <p>Cost: a row is shuffled once per epoch the run reaches; stage 2 runs few epochs.
 */
public final class ShardedRows<T> implements Serializable {
  /** A row with its place: global step and slot within its rank's local batch. */
  public record Row<T>(long step, int slot, T row) implements Serializable {}

  private final JavaRDD<Row<T>> partitions;
  private final long rows;

  private ShardedRows(JavaRDD<Row<T>> partitions, long rows) {
    this.partitions = partitions;
    this.rows = rows;
  }

  /**
   * @param indexed every training row with its index: dense 0..rows-1, the same whatever the
   *     cluster (e.g. {@code zipWithIndex} of rows sorted by id)
   */
  public static <T> ShardedRows<T> of(JavaPairRDD<Long, T> indexed, long rows, TrainConfig cfg) {
    Sharding shards = new Sharding(rows, cfg.globalBatch(), cfg.workers(), cfg.seed());
    long stop = stopStep(shards, cfg);
    JavaPairRDD<Key, T> placed = indexed.mapPartitionsToPair(it -> place(it, shards, stop));
    JavaRDD<Row<T>> sorted = placed
        .repartitionAndSortWithinPartitions(new RankPartitioner(cfg.workers()), new KeyOrder())
        .map(kv -> new Row<>(kv._1().step(), kv._1().slot(), kv._2()));
    return new ShardedRows<>(sorted, rows);
  }

  /** The step after the last one the run takes (epochs × steps per epoch, or --max-steps). */
  static long stopStep(Sharding shards, TrainConfig cfg) {
    long total = shards.stepsPerEpoch() * cfg.epochs();
    return cfg.maxSteps() >= 0 ? Math.min(total, cfg.maxSteps()) : total;
  }

  public long rows() {
    return rows;
  }

  /** One partition per rank, partition r holding rank r's rows in (step, slot) order. */
  public JavaRDD<Row<T>> partitions() {
    return partitions;
  }

  private static <T> Iterator<Tuple2<Key, T>> place(Iterator<Tuple2<Long, T>> it, Sharding shards, long stop) {
    long perEpoch = shards.stepsPerEpoch();
    int epochs = (int) ((stop + perEpoch - 1) / perEpoch);
    int batch = shards.globalBatch();
    int local = shards.localBatch();
    List<int[]> positions = new ArrayList<>(); // computed on first use: a partition may be empty
    List<Tuple2<Key, T>> out = new ArrayList<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (out.isEmpty() && it.hasNext()) {
          Tuple2<Long, T> r = it.next();
          long index = r._1();
          if (index < 0 || index >= shards.rows()) {
            throw new IllegalArgumentException("row index " + index + " outside 0.." + (shards.rows() - 1));
          }
          for (int e = 0; e < epochs; e++) {
            if (positions.size() <= e) positions.add(shards.positions(e));
            int place = positions.get(e)[(int) index];
            long step = e * perEpoch + place / batch;
            if (place / batch >= perEpoch || step >= stop) continue; // the epoch's remainder, or past the end
            int inBatch = place % batch;
            out.add(new Tuple2<>(new Key(step, inBatch / local, inBatch % local), r._2()));
          }
        }
        return !out.isEmpty();
      }

      @Override
      public Tuple2<Key, T> next() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        return out.remove(out.size() - 1);
      }
    };
  }

  record Key(long step, int rank, int slot) implements Serializable {}

  static final class KeyOrder implements Comparator<Key>, Serializable {
    @Override
    public int compare(Key a, Key b) {
      int c = Long.compare(a.step(), b.step());
      return c != 0 ? c : Integer.compare(a.slot(), b.slot());
    }
  }

  static final class RankPartitioner extends Partitioner {
    private final int ranks;

    RankPartitioner(int ranks) {
      this.ranks = ranks;
    }

    @Override
    public int numPartitions() {
      return ranks;
    }

    @Override
    public int getPartition(Object key) {
      return ((Key) key).rank();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RankPartitioner p && p.ranks == ranks;
    }

    @Override
    public int hashCode() {
      return ranks;
    }
  }
}
