package org.phenolip.curate.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.curate.core.FigureCurator;
import org.phenolip.curate.domain.DomainClassifier;
import org.phenolip.curate.onnx.TinyOnnx;
import org.phenolip.kg.build.KgBuild;

/** {@code curate} with the ONNX domain classifier: crops are classified in the executors where the caption has no domain cue. */
class CurateJobDomainOnnxTest {
  static SparkSession spark;
  @TempDir static Path tmp;

  @BeforeAll static void start() { spark = SparkSessions.local("curate-domain-onnx-test", 2); }

  @AfterAll static void stop() { spark.stop(); }

  @Test void theClassifierTagsCropsWhoseCaptionHasNoCue() throws Exception {
    Path pmc = tmp.resolve("pmc");
    Files.createDirectories(pmc);
    Files.copy(Path.of("../data/sample/pmc-oa/PMC9000001.tar.gz"), pmc.resolve("PMC9000001.tar.gz"));
    String kg = tmp.resolve("kg").toString();
    new KgBuild(spark).run(new KgBuild.Options(Path.of("../data/hpo/hp.v2024-08-13.json.gz"), List.of(pmc), kg, false, false));

    // whatever the crop, logits [0, 3, 0]: ophthalmology/fundus at softmax 0.909
    Path model = tmp.resolve("fundus.onnx");
    Files.write(model, TinyOnnx.classifier(new Object[] {1L, 3L, 16L, 16L}, new float[9], new float[] {0, 3, 0}, false, 1L, 3L));
    Path labels = tmp.resolve("labels.txt");
    Files.writeString(labels, "histology\nophthalmology/fundus\nother\n");
    double p = Math.exp(3) / (Math.exp(3) + 2);

    String out = tmp.resolve("curated").toString();
    DomainClassifier classifier = DomainClassifier.open(model, labels, null, 0.5);
    Map<String, Object> m = CurateJob.run(spark, new CurateJob.Options(kg, out, FigureCurator.Settings.defaults(), 4, 0.05, false,
        null, null, classifier));
    @SuppressWarnings("unchecked") Map<String, Object> settings = (Map<String, Object>) m.get("settings");
    assertEquals("onnx:fundus.onnx@16,prob>=0.5,3 labels", settings.get("domain_classifier"));
    @SuppressWarnings("unchecked") Map<String, Long> steps = (Map<String, Long>) m.get("steps_this_run");

    var sub = spark.read().format("delta").load(out + "/subfigures");
    var byCaption = sub.filter(col("domain_cue").startsWith("caption:"));
    var byImage = sub.filter(col("domain_cue").startsWith("caption:").unary_$bang());
    long nCaption = byCaption.count(), nImage = byImage.count();
    assertTrue(nCaption > 0 && nImage > 0, nCaption + " by caption, " + nImage + " without a caption cue");
    // a caption cue decides and the classifier is not run
    assertEquals(nCaption, byCaption.filter(col("domain_source").equalTo("rules").and(col("domain_prob").isNull())
        .and(col("domain").notEqual("ophthalmology"))).count());
    // no caption cue: the classifier's label, its probability, and the cue says so
    for (Row r : byImage.select("domain", "modality", "domain_cue", "domain_source", "domain_prob").collectAsList()) {
      assertEquals(List.of("ophthalmology", "fundus", "image:ophthalmology/fundus", "image"),
          List.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3)), r.toString());
      assertEquals(p, r.getDouble(4), 1e-5);
    }
    assertEquals(nImage, steps.get("domain_source:image"));
    assertEquals(nCaption, steps.get("domain_source:rules"));
    var pairs = spark.read().format("delta").load(out + "/pairs");
    assertTrue(pairs.filter(col("domain_source").equalTo("image").and(col("domain").equalTo("ophthalmology"))).count() > 0);
    assertEquals(0, pairs.filter(col("domain_source").equalTo("image").and(col("domain").notEqual("ophthalmology"))).count());

    // a threshold above 0.909: the classifier still runs on those crops but the article's cues (or none) decide
    DomainClassifier strict = DomainClassifier.open(model, labels, null, 0.95);
    CurateJob.run(spark, new CurateJob.Options(kg, out, FigureCurator.Settings.defaults(), 4, 0.05, true, null, null, strict));
    var again = spark.read().format("delta").load(out + "/subfigures");
    assertEquals(0, again.filter(col("domain_source").equalTo("image")).count());
    var noCaptionCue = again.filter(col("domain_cue").startsWith("caption:").unary_$bang());
    assertEquals(nImage, noCaptionCue.count());
    for (Row r : noCaptionCue.select("domain_cue", "domain_source", "domain_prob").collectAsList()) {
      assertTrue(r.getString(0).startsWith("article:") ? r.getString(1).equals("rules") : r.getString(1).equals("none"), r.toString());
      assertEquals(p, r.getDouble(2), 1e-5);
    }
  }
}
