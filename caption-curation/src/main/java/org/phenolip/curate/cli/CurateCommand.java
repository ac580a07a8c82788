package org.phenolip.curate.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.curate.core.FigureCurator;
import org.phenolip.curate.domain.DomainClassifier;
import org.phenolip.curate.refine.ApiKey;
import org.phenolip.curate.refine.LlmSettings;
import org.phenolip.curate.spark.CurateJob;
import org.phenolip.curate.subfigure.OnnxDetector;
import org.phenolip.curate.subfigure.PanelDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "curate", mixinStandardHelpOptions = true,
    description = "Curate PhenoKG figures into subfigure-subcaption pairs (panel detection, caption splitting, alignment, "
        + "domain tags, rule-based or LLM refinement, phenotype re-linking, filters, de-duplication) as Delta tables.")
public final class CurateCommand implements Callable<Integer> {
  @Option(names = "--kg", required = true, description = "PhenoKG folder (from `phenolip kg build`).")
  String kg;

  @Option(names = "--out", required = true, description = "Curated folder: Delta tables subfigures/, pairs/, rejects/, state/ and manifest.json.")
  String out;

  @Option(names = "--force", description = "Curate every figure, not only those new or changed since the last run.")
  boolean force;

  @Option(names = "--min-caption-chars", defaultValue = "10", description = "Shortest subcaption kept (default: ${DEFAULT-VALUE}).")
  int minCaption;

  @Option(names = "--max-caption-chars", defaultValue = "4000", description = "Longest subcaption kept (default: ${DEFAULT-VALUE}).")
  int maxCaption;

  @Option(names = "--min-side", defaultValue = "24", description = "Smallest subfigure side in pixels (default: ${DEFAULT-VALUE}).")
  int minSide;

  @Option(names = "--max-aspect", defaultValue = "6", description = "Largest subfigure aspect ratio (default: ${DEFAULT-VALUE}).")
  double maxAspect;

  @Option(names = "--keep-unlinked", description = "Keep subfigures whose subcaption links no phenotype (dropped by default).")
  boolean keepUnlinked;

  @Option(names = "--no-ocr", description = "Do not read panel letters with Tesseract even when it is installed.")
  boolean noOcr;

  @Option(names = "--hash-distance", defaultValue = "4", description = "Near-duplicate images: dHash bits apart at most (default: ${DEFAULT-VALUE}).")
  int hashDistance;

  @Option(names = "--caption-distance", defaultValue = "0.05",
      description = "Near-duplicate captions: MinHash Jaccard distance at most; 0 turns it off (default: ${DEFAULT-VALUE}).")
  double captionDistance;

  @Option(names = "--llm-endpoint", paramLabel = "URL",
      description = "OpenAI-compatible chat-completions base URL (e.g. https://api.openai.com/v1, http://host:8000/v1); "
          + "refines subcaptions with an LLM instead of the rules alone. Off by default.")
  String llmEndpoint;

  @Option(names = "--llm-model", paramLabel = "NAME", description = "Model name sent with every request (required with --llm-endpoint).")
  String llmModel;

  @Option(names = "--llm-key-env", paramLabel = "VAR",
      description = "Environment variable holding the API key (default: OPENAI_API_KEY; when the default is unset, requests go without a key). Never logged.")
  String llmKeyEnv;

  @Option(names = "--llm-max-requests", defaultValue = "10000",
      description = "HTTP requests per run at most, retries included, all executors together (default: ${DEFAULT-VALUE}).")
  long llmMaxRequests;

  @Option(names = "--llm-concurrency", defaultValue = "4", description = "LLM requests in flight per executor (default: ${DEFAULT-VALUE}).")
  int llmConcurrency;

  @Option(names = "--llm-timeout-s", defaultValue = "60", description = "Seconds to wait for one answer (default: ${DEFAULT-VALUE}).")
  int llmTimeoutS;

  @Option(names = "--llm-attempts", defaultValue = "4",
      description = "Tries per subcaption on 429, 5xx, timeouts and connection errors (default: ${DEFAULT-VALUE}).")
  int llmAttempts;

  @Option(names = "--detector-onnx", paramLabel = "FILE",
      description = "ONNX subfigure detector used instead of XY-cut (inputs/outputs: see caption-curation/README.md).")
  String detectorOnnx;

  @Option(names = "--detector-input-size", paramLabel = "N",
      description = "Square input side of the ONNX detector (needed when the model's input side is dynamic).")
  Integer detectorInputSize;

  @Option(names = "--detector-score", defaultValue = "0.5", description = "Lowest score of a kept ONNX detection (default: ${DEFAULT-VALUE}).")
  double detectorScore;

  @Option(names = "--domain-onnx", paramLabel = "FILE",
      description = "ONNX image classifier of the imaging domain, run on crops whose caption has no domain cue (see caption-curation/README.md).")
  String domainOnnx;

  @Option(names = "--domain-labels", paramLabel = "FILE",
      description = "The classifier's labels in output order, one a line: domain/modality, domain or modality names (required with --domain-onnx).")
  String domainLabels;

  @Option(names = "--domain-input-size", paramLabel = "N",
      description = "Square input side of the domain classifier (default: the model's, or 224 when it is dynamic).")
  Integer domainInputSize;

  @Option(names = "--domain-min-prob", defaultValue = "0.5",
      description = "Lowest probability at which the classifier's label decides (default: ${DEFAULT-VALUE}).")
  double domainMinProb;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    if (minSide < 1 || maxAspect < 1 || hashDistance < 0 || captionDistance < 0 || captionDistance >= 1) {
      throw new IllegalArgumentException("--min-side >= 1, --max-aspect >= 1, --hash-distance >= 0, 0 <= --caption-distance < 1");
    }
    LlmSettings llm = llmSettings();
    if (detectorOnnx != null) requireOnnxRuntime("--detector-onnx");
    DomainClassifier domain = domainClassifier();
    PanelDetector detector = detectorOnnx == null ? null : OnnxDetector.open(Path.of(detectorOnnx), detectorInputSize, detectorScore);
    var session = spark.session("phenolip curate");
    var settings = new FigureCurator.Settings(minCaption, maxCaption, minSide, maxAspect, !keepUnlinked, !noOcr);
    Map<String, Object> m = CurateJob.run(session, new CurateJob.Options(kg, out, settings, hashDistance, captionDistance, force,
        detector, llm, domain));
    System.out.println("curated pairs written to " + out + " (" + m.get("pairs_written") + " pairs, "
        + m.get("subfigures_total") + " subfigures; " + m.get("figures_curated_this_run") + " figures curated, "
        + m.get("figures_carried_over") + " carried over)");
    System.out.println("  steps: " + m.get("steps_this_run"));
    System.out.println("  rejects: " + m.get("rejects_by_reason"));
    return 0;
  }

  /** ONNX Runtime is an optional dependency (139 MB): say how to add it rather than fail on a missing class. */
  private static void requireOnnxRuntime(String option) {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment", false, CurateCommand.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(option + " needs ONNX Runtime on the classpath "
          + "(com.microsoft.onnxruntime:onnxruntime:1.22.0; see caption-curation/README.md)");
    }
  }

  /** The domain classifier of the --domain-* options; null without --domain-onnx. */
  DomainClassifier domainClassifier() {
    if (domainOnnx == null) {
      if (domainLabels != null || domainInputSize != null) {
        throw new IllegalArgumentException("--domain-labels and --domain-input-size need --domain-onnx");
      }
      return null;
    }
    if (domainLabels == null) throw new IllegalArgumentException("--domain-onnx needs --domain-labels FILE (one label a line, in output order)");
    requireOnnxRuntime("--domain-onnx");
    return DomainClassifier.open(Path.of(domainOnnx), Path.of(domainLabels), domainInputSize, domainMinProb);
  }

  LlmSettings llmSettings() {
    if (llmEndpoint == null) {
      if (llmModel != null || llmKeyEnv != null) throw new IllegalArgumentException("--llm-model and --llm-key-env need --llm-endpoint");
      return null;
    }
    ApiKey key = ApiKey.fromEnv(llmKeyEnv == null ? "OPENAI_API_KEY" : llmKeyEnv);
    if (llmKeyEnv != null && !key.present()) {
      throw new IllegalArgumentException("--llm-key-env " + llmKeyEnv + ": that environment variable is not set");
    }
    if (llmTimeoutS < 1 || llmAttempts < 1) throw new IllegalArgumentException("--llm-timeout-s and --llm-attempts must be >= 1");
    return LlmSettings.of(llmEndpoint, llmModel, key, llmMaxRequests).withLimits(llmConcurrency, llmTimeoutS * 1000, llmAttempts, 500);
  }
}
