package org.phenolip.curate.domain;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.phenolip.curate.onnx.OnnxModel;

/**
 * An imaging-domain classifier run through ONNX Runtime on a subfigure crop ({@code --domain-onnx}).
 *
 * <p>The model contract: one input, float32 {@code [1, 3, N, N]} (the crop in RGB stretched to N×N,
 * values in [0, 1]; any mean/std normalisation belongs inside the graph — see {@link OnnxModel});
 * one output, float32 {@code [1, C]} or {@code [C]}: logits, or probabilities. An output whose values
 * all lie in [0, 1] and sum to 1 (±1e-4) is taken as probabilities, anything else as logits and
 * softmaxed. The labels file gives the C labels in output order, one a line, each a
 * {@link DomainTagger} name: {@code domain/modality}, a bare domain (modality {@code unknown}) or a
 * bare modality ({@code ct} is {@code radiology/ct}). The top class is the label; it decides (see
 * {@link DomainTagger}) when its probability is at least the threshold.
 */
public final class DomainClassifier implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The input side when the model's is dynamic and none is given. */
  public static final int DEFAULT_INPUT_SIZE = 224;

  private final OnnxModel model;
  private final String outputName;
  private final List<String[]> labels;
  private final double minProb;

  private DomainClassifier(OnnxModel model, String outputName, List<String[]> labels, double minProb) {
    this.model = model;
    this.outputName = outputName;
    this.labels = labels;
    this.minProb = minProb;
  }

  /**
   * Loads and checks the model and its labels.
   *
   * @param inputSize the square input side; null takes the model's, or {@value #DEFAULT_INPUT_SIZE} when it is dynamic
   * @throws IllegalArgumentException with a one-line reason when a file, a label or the model does not fit
   */
  public static DomainClassifier open(Path modelFile, Path labelsFile, Integer inputSize, double minProb) {
    if (!(minProb >= 0 && minProb <= 1)) throw new IllegalArgumentException("--domain-min-prob must be in [0, 1], got " + minProb);
    List<String[]> labels = readLabels(labelsFile);
    OnnxModel m = OnnxModel.open(modelFile, "--domain-onnx", "--domain-input-size", inputSize, DEFAULT_INPUT_SIZE);
    String where = "--domain-onnx " + m.fileName() + ": ";
    var outs = m.outputs();
    var out = outs.size() == 1 ? outs.entrySet().iterator().next() : null;
    long[] sh = out == null ? null : OnnxModel.shape(out.getValue());
    if (sh == null || !OnnxModel.isFloat(out.getValue()) || !(sh.length == 1 || (sh.length == 2 && (sh[0] == 1 || sh[0] < 0)))) {
      throw new IllegalArgumentException(where + "expected 1 output, float32 [1,C] logits or probabilities; model has " + OnnxModel.describe(outs));
    }
    long c = sh[sh.length - 1];
    if (c > 0 && c != labels.size()) {
      throw new IllegalArgumentException(where + "the model has " + c + " classes but --domain-labels " + labelsFile.getFileName()
          + " has " + labels.size() + " labels");
    }
    return new DomainClassifier(m, out.getKey(), labels, minProb);
  }

  /** One label a line, in the model's output order; trailing blank lines are ignored, any other blank line is an error. */
  static List<String[]> readLabels(Path file) {
    List<String> lines;
    try {
      lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("--domain-labels " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
    String where = "--domain-labels " + file.getFileName();
    if (lines.size() < 2) throw new IllegalArgumentException(where + ": needs at least 2 labels, one a line, got " + lines.size());
    List<String[]> labels = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] l = DomainTagger.label(lines.get(i));
      if (l == null) {
        throw new IllegalArgumentException(where + " line " + (i + 1) + ": '" + lines.get(i).strip() + "' is not a domain, domain/modality "
            + "or modality of " + DomainTagger.DOMAINS);
      }
      labels.add(l);
    }
    return List.copyOf(labels);
  }

  public String name() {
    return "onnx:" + model.fileName() + "@" + model.inputSize() + ",prob>=" + minProb + "," + labels.size() + " labels";
  }

  public int inputSize() { return model.inputSize(); }

  /** The crop's top label and its probability. */
  public DomainTagger.ImageLabel classify(BufferedImage crop) {
    float[] out = model.run(crop).get(outputName);
    if (out.length != labels.size()) {
      throw new IllegalStateException("ONNX domain classifier " + model.fileName() + " returned " + out.length + " values for "
          + labels.size() + " labels");
    }
    double[] p = probabilities(out);
    int best = 0;
    for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
    String[] l = labels.get(best);
    return new DomainTagger.ImageLabel(l[0], l[1], p[best], p[best] >= minProb);
  }

  /** The output as probabilities: kept when it already is a distribution, else softmaxed (NaN counts as -∞). */
  static double[] probabilities(float[] out) {
    double sum = 0;
    boolean dist = true;
    for (float v : out) {
      if (!(v >= 0 && v <= 1)) dist = false;
      sum += v;
    }
    double[] p = new double[out.length];
    if (dist && Math.abs(sum - 1) <= 1e-4) {
      for (int i = 0; i < p.length; i++) p[i] = out[i];
      return p;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float v : out) if (v > max) max = v;
    double z = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Float.isNaN(out[i]) || max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(out[i] - max);
      z += p[i];
    }
    for (int i = 0; i < p.length; i++) p[i] = z > 0 ? p[i] / z : 0;
    return p;
  }
}
