package org.phenolip.train.loop;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A replica's feed from its own partition of {@link ShardedRows}: rows arrive sorted by
 * (step, slot), each step's {@code B/N} rows together, so the replica only reads forward.
 * Steps before the one asked for (a resumed run) are skipped without being decoded.
 */
final class ShardStream<T> implements BatchFeed<T> {
  private final Iterator<ShardedRows.Row<T>> rows;
  private final int localBatch;
  private final int rank;
  private ShardedRows.Row<T> pending;

  ShardStream(Iterator<ShardedRows.Row<T>> rows, int localBatch, int rank) {
    this.rows = rows;
    this.localBatch = localBatch;
    this.rank = rank;
  }

  @Override
  public List<T> batch(long step) {
    List<T> out = new ArrayList<>(localBatch);
    while (true) {
      ShardedRows.Row<T> r = pending != null ? pending : rows.hasNext() ? rows.next() : null;
      pending = null;
      if (r == null || r.step() > step) {
        pending = r;
        break;
      }
      if (r.step() < step) continue; // before a resume point
      if (r.slot() != out.size()) {
        throw new IllegalStateException("rank " + rank + ", step " + step + ": row in slot " + r.slot()
            + " where slot " + out.size() + " was due (shard not sorted by step and slot)");
      }
      out.add(r.row());
    }
    if (out.size() != localBatch) {
      throw new IllegalStateException("rank " + rank + " has " + out.size() + " rows for step " + step + ", needs "
          + localBatch + ": its shard does not match the run's sharding");
    }
    return out;
  }
}
