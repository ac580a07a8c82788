package org.phenolip.eval.cli;

import java.util.Locale;
import org.phenolip.eval.embed.EmbeddingModelFactory;
import org.phenolip.eval.embed.ModelSpecs;
import org.phenolip.eval.metrics.Matching;
import org.phenolip.eval.metrics.ZeroShot;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for eval's typed options: a bad value is one clear error line, before any work. */
final class EvalConverters {
  private EvalConverters() {}

  /** A {@code --model} value and the factory its grammar resolves to. */
  record ModelArg(String spec, EmbeddingModelFactory factory) {}

  static final class ModelConverter implements ITypeConverter<ModelArg> {
    @Override
    public ModelArg convert(String value) {
      try {
        return new ModelArg(value, ModelSpecs.resolve(value));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code system} or {@code all}. */
  static final class CandidatesConverter implements ITypeConverter<ZeroShot.Candidates> {
    @Override
    public ZeroShot.Candidates convert(String value) {
      for (ZeroShot.Candidates c : ZeroShot.Candidates.values()) {
        if (key(c).equals(value)) return c;
      }
      throw new TypeConversionException("--candidates must be system or all, got " + value);
    }
  }

  /** {@code top:K} or {@code threshold:T}. */
  static final class PredictionConverter implements ITypeConverter<Matching.Prediction> {
    @Override
    public Matching.Prediction convert(String value) {
      try {
        return Matching.Prediction.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static String key(ZeroShot.Candidates c) {
    return c.name().toLowerCase(Locale.ROOT);
  }
}
