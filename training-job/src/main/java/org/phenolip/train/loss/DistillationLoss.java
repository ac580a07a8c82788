package org.phenolip.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.phenolip.model.engine.Scalars;

/**
 * Teacher-guided distillation (stage 2): λ · mean over the batch of
 * KL(p_teacher ‖ p_student), where p_teacher = softmax(teacher caption embedding · teacher
 * prototypesᵀ / τ_t) and p_student = softmax(student image embedding · student prototypesᵀ /
 * τ_s). The teacher side is detached (no gradient ever reaches it). The prototypes are the
 * phenotype embeddings of the stage-1 teacher; pass the same array for both sides when the
 * student shares the teacher's embedding space.
 */
public final class DistillationLoss {
  private final float teacherTemperature;
  private final float studentTemperature;
  private final float weight;

  /**
   * @param teacherTemperature τ_t &gt; 0
   * @param studentTemperature τ_s &gt; 0
   * @param weight λ ≥ 0
   */
  public DistillationLoss(float teacherTemperature, float studentTemperature, float weight) {
    if (!(teacherTemperature > 0) || !(studentTemperature > 0) || !(weight >= 0)) {
      throw new IllegalArgumentException("distillation needs τ_t > 0, τ_s > 0, λ ≥ 0; got "
          + teacherTemperature + ", " + studentTemperature + ", " + weight);
    }
    this.teacherTemperature = teacherTemperature;
    this.studentTemperature = studentTemperature;
    this.weight = weight;
  }

  public float teacherTemperature() { return teacherTemperature; }
  public float studentTemperature() { return studentTemperature; }
  public float weight() { return weight; }

  /**
   * @param studentImages (N, D) student image embeddings (gradient flows into these)
   * @param studentPrototypes (P, D) prototypes compared with the student (may carry gradient)
   * @param teacherCaptions (N, D') frozen teacher embeddings of the paired captions
   * @param teacherPrototypes (P, D') frozen teacher phenotype prototypes
   * @return the weighted KL, a scalar
   */
  public NDArray compute(NDArray studentImages, NDArray studentPrototypes,
      NDArray teacherCaptions, NDArray teacherPrototypes) {
    // Temporaries go to the student batch's manager: prototypes usually live much longer.
    NDManager step = studentImages.getManager();
    NDArray teacherLogits = step(teacherCaptions.stopGradient(), step)
        .matMul(step(teacherPrototypes.stopGradient(), step).transpose());
    teacherLogits = Scalars.div(teacherLogits, teacherTemperature);
    NDArray logPt = teacherLogits.logSoftmax(1);
    NDArray pt = logPt.exp();
    // Scalars, not div(Number)/mul(Number): autograd keeps these operands for backward.
    NDArray logPs = Scalars.div(studentImages.matMul(step(studentPrototypes.transpose(), step)), studentTemperature)
        .logSoftmax(1);
    return Scalars.mul(pt.mul(logPt.sub(logPs)).sum(new int[] {1}).mean(), weight);
  }

  private static NDArray step(NDArray a, NDManager manager) {
    a.attach(manager);
    return a;
  }
}
