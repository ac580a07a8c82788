package org.phenolip.train.stage2;

import java.io.Serializable;

/**
 * One stage-2 training row: a figure image, its caption, and (with distillation) the frozen
 * teacher's embedding of the caption, computed once before training. {@code pixels} is the
 * decoded, augmented image, filled on the replica's prefetch thread ({@link Stage2Task#prepare}),
 * which then drops the encoded bytes.
 */
public record Stage2Row(String figureId, byte[] image, String caption, float[] teacherCaption, float[] pixels)
    implements Serializable {
  public Stage2Row(String figureId, byte[] image, String caption, float[] teacherCaption) {
    this(figureId, image, caption, teacherCaption, null);
  }
}
