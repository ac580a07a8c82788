package org.phenolip.train.loop;

import java.io.Serializable;
import java.util.List;

/**
 * The training rows, addressable by global index so that every worker can take its shard of
 * any epoch's permutation. Shipped to every task: keep it small (paths, an in-memory list of
 * feature rows) or make {@link #rows} read from shared storage.
 */
public interface DataSource<T> extends Serializable {
  long size();

  /** The rows at {@code indices}, in that order. */
  List<T> rows(long[] indices);
}
