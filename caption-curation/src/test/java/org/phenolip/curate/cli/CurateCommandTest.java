package org.phenolip.curate.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.curate.onnx.TinyOnnx;
import org.phenolip.curate.refine.LlmSettings;
import picocli.CommandLine;

/** The curate command's LLM and domain-classifier options: parsed into settings, or refused with one line. */
class CurateCommandTest {
  @TempDir Path tmp;

  static CurateCommand parse(String... args) {
    CurateCommand c = new CurateCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test void noEndpointMeansRulesOnly() {
    assertNull(parse("--kg", "k", "--out", "o").llmSettings());
    var e = assertThrows(IllegalArgumentException.class, () -> parse("--kg", "k", "--out", "o", "--llm-model", "m").llmSettings());
    assertEquals("--llm-model and --llm-key-env need --llm-endpoint", e.getMessage());
  }

  @Test void endpointOptionsBecomeSettings() {
    LlmSettings s = parse("--kg", "k", "--out", "o", "--llm-endpoint", "http://127.0.0.1:8000/v1", "--llm-model", "qwen",
        "--llm-max-requests", "50", "--llm-concurrency", "2", "--llm-timeout-s", "5", "--llm-attempts", "3").llmSettings();
    assertEquals("http://127.0.0.1:8000/v1/chat/completions", s.completionsUri().toString());
    assertEquals("qwen", s.model());
    assertEquals(50, s.maxRequests());
    assertEquals(2, s.concurrency());
    assertEquals(5000, s.timeoutMs());
    assertEquals(3, s.maxAttempts());
    assertEquals("$OPENAI_API_KEY", s.key().source());
    assertEquals("llm:qwen:refine-v1", s.method());
  }

  @Test void badValuesAreRefusedInOneLine() {
    String var = "PHENOLIP_TEST_SURELY_UNSET_KEY_VAR";
    assertNull(System.getenv(var));
    var e = assertThrows(IllegalArgumentException.class, () -> parse("--kg", "k", "--out", "o", "--llm-endpoint",
        "http://127.0.0.1:8000/v1", "--llm-model", "m", "--llm-key-env", var).llmSettings());
    assertEquals("--llm-key-env " + var + ": that environment variable is not set", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("--kg", "k", "--out", "o", "--llm-endpoint", "http://x/v1").llmSettings());
    assertEquals("--llm-model is required with --llm-endpoint", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("--kg", "k", "--out", "o", "--llm-endpoint", "x:8000",
        "--llm-model", "m").llmSettings());
    assertEquals("--llm-endpoint must be an http(s) URL, got: x:8000", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("--kg", "k", "--out", "o", "--llm-endpoint", "http://x/v1",
        "--llm-model", "m", "--llm-concurrency", "0").llmSettings());
    assertEquals("--llm-concurrency must be >= 1", e.getMessage());
  }

  @Test void domainClassifierOptions() throws Exception {
    assertNull(parse("--kg", "k", "--out", "o").domainClassifier());
    var e = assertThrows(IllegalArgumentException.class, () -> parse("--kg", "k", "--out", "o", "--domain-labels", "l.txt").domainClassifier());
    assertEquals("--domain-labels and --domain-input-size need --domain-onnx", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("--kg", "k", "--out", "o", "--domain-onnx", "m.onnx").domainClassifier());
    assertEquals("--domain-onnx needs --domain-labels FILE (one label a line, in output order)", e.getMessage());

    Path model = tmp.resolve("m.onnx");
    Files.write(model, TinyOnnx.classifier(new Object[] {1L, 3L, "h", "w"}, new float[6], new float[] {0, 1}, false, 1L, 2L));
    Path labels = tmp.resolve("l.txt");
    Files.writeString(labels, "pathology\nradiology/mri\n");
    var d = parse("--kg", "k", "--out", "o", "--domain-onnx", model.toString(), "--domain-labels", labels.toString(),
        "--domain-input-size", "64", "--domain-min-prob", "0.7").domainClassifier();
    assertEquals("onnx:m.onnx@64,prob>=0.7,2 labels", d.name());
    assertEquals(224, parse("--kg", "k", "--out", "o", "--domain-onnx", model.toString(), "--domain-labels", labels.toString())
        .domainClassifier().inputSize());
  }
}
