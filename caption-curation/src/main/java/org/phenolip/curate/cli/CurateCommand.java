package org.phenolip.curate.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.curate.core.FigureCurator;
import org.phenolip.curate.spark.CurateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "curate", mixinStandardHelpOptions = true,
    description = "Curate PhenoKG figures into subfigure-subcaption pairs (panel detection, caption splitting, alignment, "
        + "domain tags, rule-based refinement, phenotype re-linking, filters, de-duplication) as Delta tables.")
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

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    if (minSide < 1 || maxAspect < 1 || hashDistance < 0 || captionDistance < 0 || captionDistance >= 1) {
      throw new IllegalArgumentException("--min-side >= 1, --max-aspect >= 1, --hash-distance >= 0, 0 <= --caption-distance < 1");
    }
    var session = spark.session("phenolip curate");
    var settings = new FigureCurator.Settings(minCaption, maxCaption, minSide, maxAspect, !keepUnlinked, !noOcr);
    Map<String, Object> m = CurateJob.run(session, new CurateJob.Options(kg, out, settings, hashDistance, captionDistance, force));
    System.out.println("curated pairs written to " + out + " (" + m.get("pairs_written") + " pairs, "
        + m.get("subfigures_total") + " subfigures; " + m.get("figures_curated_this_run") + " figures curated, "
        + m.get("figures_carried_over") + " carried over)");
    System.out.println("  steps: " + m.get("steps_this_run"));
    System.out.println("  rejects: " + m.get("rejects_by_reason"));
    return 0;
  }
}
