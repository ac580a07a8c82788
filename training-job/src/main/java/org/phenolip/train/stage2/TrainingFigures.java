package org.phenolip.train.stage2;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.phenolip.core.io.Checksums;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.model.image.ImageDecodeException;
import org.phenolip.model.image.ImagePipeline;
import scala.Tuple2;

/**
 * Stage-2 figures checked and prepared where they lie: executors decode each image once to
 * reject what does not decode, hash it for the training-set record, and embed its caption with
 * the frozen teacher (in batches, one teacher per partition). The driver gets only ids, hashes
 * and reasons ({@link #checked}); the rows stay on the executors' disks for {@link ShardedRows
 * sharding}.
 */
final class TrainingFigures implements AutoCloseable {
  /** What the driver learns of a figure: ids, the image's SHA-256, and why it was rejected (null: usable). */
  record Checked(String figureId, String articleId, String imageSha256, String reject) implements Serializable {}

  record Prepared(Checked checked, Stage2Row row) implements Serializable {}

  /**
   * Captions embedded per teacher call. Chunks follow the partitioning, so the teacher pads each
   * to its full batch ({@link PhenolipEncoder#embedTextsIndependently}): a caption's embedding
   * must not depend on which figures share its partition.
   */
  static final int TEACHER_BATCH = 64;

  private final JavaRDD<Prepared> prepared;

  private TrainingFigures(JavaRDD<Prepared> prepared) {
    this.prepared = prepared;
  }

  /**
   * @param examples {@link FigureExamples} rows (figure_id, article_id, caption, image, …) in figure-id order
   * @param teacherModel the teacher's model folder (readable by every executor), or null without distillation
   */
  static TrainingFigures prepare(Dataset<Row> examples, String teacherModel) {
    JavaRDD<Prepared> rows = examples.select("figure_id", "article_id", "caption", "image").javaRDD()
        .mapPartitions(it -> {
          Preparer p = new Preparer(it, teacherModel);
          org.apache.spark.TaskContext.get().addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> p.close());
          return p;
        });
    return new TrainingFigures(rows.persist(StorageLevel.DISK_ONLY()));
  }

  /** Every figure's ids, hash and reject reason, in figure-id order. */
  List<Checked> checked() {
    return prepared.map(Prepared::checked).collect();
  }

  /** The usable rows with dense indices 0..n-1 in figure-id order, whatever the partitioning. */
  JavaPairRDD<Long, Stage2Row> indexed() {
    return prepared.filter(p -> p.checked().reject() == null).map(Prepared::row).zipWithIndex()
        .mapToPair(t -> new Tuple2<>(t._2(), t._1()));
  }

  @Override
  public void close() {
    prepared.unpersist(false);
  }

  /** Prepares a partition chunk by chunk, so it never holds more than one teacher batch of images. */
  private static final class Preparer implements Iterator<Prepared> {
    private final Iterator<Row> in;
    private final String teacherModel;
    private PhenolipEncoder teacher;
    private final List<Prepared> chunk = new ArrayList<>();
    private int next;

    Preparer(Iterator<Row> in, String teacherModel) {
      this.in = in;
      this.teacherModel = teacherModel;
    }

    @Override
    public boolean hasNext() {
      if (next < chunk.size()) return true;
      chunk.clear();
      next = 0;
      List<Row> rows = new ArrayList<>();
      while (rows.size() < TEACHER_BATCH && in.hasNext()) rows.add(in.next());
      if (rows.isEmpty()) {
        close();
        return false;
      }
      fill(rows);
      return true;
    }

    @Override
    public Prepared next() {
      if (!hasNext()) throw new NoSuchElementException();
      return chunk.get(next++);
    }

    private void fill(List<Row> rows) {
      List<Integer> usable = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        byte[] image = (byte[]) r.get(3);
        String reject = null;
        try {
          ImagePipeline.decode(image);
          usable.add(i);
        } catch (ImageDecodeException e) {
          reject = e.getMessage();
        }
        chunk.add(new Prepared(new Checked(r.getString(0), r.getString(1), Checksums.sha256(image), reject), null));
      }
      float[][] caps = teacherModel == null || usable.isEmpty() ? null
          : teacher().embedTextsIndependently(usable.stream().map(i -> rows.get(i).getString(2)).toList());
      for (int k = 0; k < usable.size(); k++) {
        int i = usable.get(k);
        Row r = rows.get(i);
        Stage2Row row = new Stage2Row(r.getString(0), (byte[]) r.get(3), r.getString(2), caps == null ? null : caps[k]);
        chunk.set(i, new Prepared(chunk.get(i).checked(), row));
      }
    }

    void close() {
      if (teacher != null) teacher.close();
      teacher = null;
    }

    private PhenolipEncoder teacher() {
      if (teacher == null) {
        try {
          teacher = PhenolipEncoder.load(org.phenolip.core.io.Storage.forTask().localTree(teacherModel));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot load teacher " + teacherModel + " on this executor: " + e.getMessage(), e);
        }
      }
      return teacher;
    }
  }
}
