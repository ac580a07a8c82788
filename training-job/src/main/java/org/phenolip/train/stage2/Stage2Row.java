package org.phenolip.train.stage2;

import java.io.Serializable;

/**
 * One stage-2 training row: a figure image, its caption, and (with distillation) the frozen
 * teacher's embedding of the caption, computed once before training.
 */
public record Stage2Row(String figureId, byte[] image, String caption, float[] teacherCaption) implements Serializable {}
