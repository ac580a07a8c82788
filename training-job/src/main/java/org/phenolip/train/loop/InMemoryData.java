package org.phenolip.train.loop;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A {@link DataSource} over a list held in memory (shipped with the task). */
public final class InMemoryData<T extends Serializable> implements DataSource<T> {
  private final ArrayList<T> rows;

  public InMemoryData(List<T> rows) {
    this.rows = new ArrayList<>(rows);
  }

  @Override
  public long size() {
    return rows.size();
  }

  @Override
  public List<T> rows(long[] indices) {
    List<T> out = new ArrayList<>(indices.length);
    for (long i : indices) {
      if (i < 0 || i >= rows.size()) throw new IndexOutOfBoundsException("row " + i + " of " + rows.size());
      out.add(rows.get((int) i));
    }
    return out;
  }
}
