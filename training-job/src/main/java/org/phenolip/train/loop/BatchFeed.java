package org.phenolip.train.loop;

import java.util.List;

/**
 * Where a replica's local batches come from: this rank's rows of each global step, asked for
 * in increasing step order (a resumed run starts past 0). Read on the replica's own thread.
 */
public interface BatchFeed<T> extends AutoCloseable {
  List<T> batch(long step);

  @Override
  default void close() {}

  /** Opens a replica's feed once the run's {@link Sharding} and the replica's rank are known. */
  @FunctionalInterface
  interface Opener<T> extends java.io.Serializable {
    BatchFeed<T> open(Sharding shards, int rank);
  }

  /** Random access into an addressable {@link DataSource}: rows {@link Sharding#indices} names. */
  static <T> Opener<T> indexed(DataSource<T> data) {
    return (shards, rank) -> step -> {
      long perEpoch = shards.stepsPerEpoch();
      return data.rows(shards.indices((int) (step / perEpoch), step % perEpoch, rank));
    };
  }
}
