package org.phenolip.train.stage2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Random;
import org.phenolip.model.tower.PhenolipModel;
import org.phenolip.model.engine.Scalars;

/**
 * The stage-2 student with distillation: the PhenoLIP model plus a learned linear projection
 * from the student's embedding space into the teacher's, through which the student's image
 * embeddings are compared with the teacher's phenotype prototypes. Without it distillation
 * only works for a student that is a copy of the teacher. The projection starts as the
 * identity when both spaces have one size (a teacher-initialised student is then unchanged
 * at step 0), else seeded Gaussian / sqrt(d). Its parameters come first in
 * {@code getParameters()}, then the student's, and only the student is saved.
 */
public final class DistilledStudent extends AbstractBlock {
  private final PhenolipModel student;
  private final Parameter projection;

  public DistilledStudent(PhenolipModel student, int teacherDim, NDManager manager, long seed) {
    this.student = addChildBlock("student", student);
    int d = student.config().embedDim();
    this.projection = addParameter(Parameter.builder().setName("distill_projection").setType(Parameter.Type.WEIGHT).build());
    float[] w = new float[teacherDim * d];
    if (teacherDim == d) {
      for (int i = 0; i < d; i++) w[i * d + i] = 1f;
    } else {
      Random r = new Random(seed ^ 0x5DEECE66DL);
      for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(d));
    }
    NDArray a = manager.create(w, new Shape(teacherDim, d));
    a.setRequiresGradient(true);
    projection.setArray(a);
  }

  public PhenolipModel student() {
    return student;
  }

  /** L2-normalised projections (B, D_teacher) of unit student embeddings (B, D). */
  public NDArray toTeacherSpace(ParameterStore ps, NDArray studentEmbeddings, boolean training) {
    NDArray z = Linear.linear(studentEmbeddings, ps.getValue(projection, studentEmbeddings.getDevice(), training)).singletonOrThrow();
    return z.div(Scalars.maximum(z.norm(new int[] {-1}, true), 1e-12f));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return student.forward(ps, inputs, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return student.getOutputShapes(inputShapes);
  }
}
