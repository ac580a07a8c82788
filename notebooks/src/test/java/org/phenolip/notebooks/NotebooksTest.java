package org.phenolip.notebooks;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;

/**
 * The notebooks: each committed one carries the outputs of its current code (stamped by
 * notebooks/run.sh), and each executes without a cell error against the bundled sample's pipeline
 * outputs (the notebooks assert what they show). Runs after deploy in the reactor, so
 * bin/phenolip finds the packaged jar.
 */
class NotebooksTest {
  static final Path HERE = Path.of("").toAbsolutePath();          // notebooks/
  static final Path ROOT = HERE.getParent();
  static final List<String> NOTEBOOKS = List.of("01-phenokg-overview.ipynb", "02-ontology-neighbourhood.ipynb",
      "03-figures-of-a-phenotype.ipynb", "04-model-results.ipynb");
  static final String PACKAGES = "jupyter-nbconvert python3-nbclient python3-ipykernel python3-pandas python3-matplotlib "
      + "python3-rdflib python3-sparqlwrapper python3-networkx python3-pil";
  static final String MODULES = "nbconvert, ipykernel, pandas, matplotlib, rdflib, SPARQLWrapper, networkx, PIL";

  @TempDir Path tmp;

  /** Code cells' sources joined by U+001E, hashed: what notebooks/stamp.py records. */
  static String codeHash(JsonNode nb) throws Exception {
    List<String> sources = new ArrayList<>();
    for (JsonNode c : nb.get("cells")) {
      if (!c.get("cell_type").asText().equals("code")) continue;
      JsonNode s = c.get("source");
      StringBuilder b = new StringBuilder();
      if (s.isArray()) s.forEach(l -> b.append(l.asText()));
      else b.append(s.asText());
      sources.add(b.toString());
    }
    byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\u001e", sources).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d);
  }

  static List<String> cellErrors(JsonNode nb) {
    List<String> errors = new ArrayList<>();
    int i = 0;
    for (JsonNode c : nb.get("cells")) {
      if (c.get("cell_type").asText().equals("code")) {
        for (JsonNode o : c.path("outputs")) {
          if (o.path("output_type").asText().equals("error")) errors.add("cell " + i + ": " + o.path("ename").asText() + ": " + o.path("evalue").asText());
        }
      }
      i++;
    }
    return errors;
  }

  @Test
  void committedNotebooksCarryTheOutputsOfTheirCurrentCode() throws Exception {
    for (String name : NOTEBOOKS) {
      JsonNode nb = Json.MAPPER.readTree(HERE.resolve(name).toFile());
      String stamp = nb.path("metadata").path("phenolip").path("code_sha256").asText(null);
      assertNotNull(stamp, name + " is not stamped: run notebooks/run.sh and commit it");
      assertEquals(codeHash(nb), stamp, name + ": code cells changed after its outputs were made: run notebooks/run.sh and commit it");
      int images = 0;
      for (JsonNode c : nb.get("cells")) {
        if (!c.get("cell_type").asText().equals("code")) continue;
        assertFalse(c.get("execution_count").isNull(), name + ": a code cell was not executed");
        for (JsonNode o : c.path("outputs")) if (o.path("data").has("image/png")) images++;
      }
      assertTrue(cellErrors(nb).isEmpty(), name + ": " + cellErrors(nb));
      assertTrue(images >= 2, name + " shows charts (" + images + " images)");
    }
  }

  @Test
  void everyNotebookExecutesOnTheSample() throws Exception {
    run(List.of(ROOT.resolve("bin/setup-debian.sh").toString(), "notebooks"), Map.of(), 900);
    String missing = missingPython();
    if (missing != null) {
      boolean debianRoot = Files.exists(Path.of("/etc/debian_version")) && "root".equals(System.getProperty("user.name"));
      String msg = "the notebooks need jupyter and " + MODULES + " (" + missing + "); Debian/Ubuntu packages: " + PACKAGES
          + "; pip: -r notebooks/requirements.txt";
      if (debianRoot) fail("bin/setup-debian.sh notebooks did not make them available: " + msg);
      Assumptions.abort("skipped: " + msg);
    }
    Path jar = ROOT.resolve("deploy/target/phenolip.jar");
    assertTrue(Files.exists(jar), "no " + jar + ": package the project first (mvn -DskipTests package)");

    Path pipeline = pipelineOutputs();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PHENOLIP_PIPELINE_OUT", pipeline.toString());
    env.put("PHENOLIP_NOTEBOOK_WORK", tmp.resolve("work").toString());
    env.put("PHENOLIP_SKIP_BUILD", "1");
    env.put("PHENOLIP_MASTER", "local[2]");
    env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String name : NOTEBOOKS) {
      long t0 = System.nanoTime();
      Result r = run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir", tmp.toString(),
          "--ExecutePreprocessor.timeout=600", HERE.resolve(name).toString()), env, 900);
      seconds.put(name, (System.nanoTime() - t0) / 1e9);
      Path executed = tmp.resolve(name);
      List<String> errors = Files.exists(executed) ? cellErrors(Json.MAPPER.readTree(executed.toFile())) : List.of();
      assertEquals(0, r.code(), name + " failed: " + errors + "\n" + r.tail());
      assertTrue(errors.isEmpty(), name + ": " + errors);
    }
    System.err.println("notebooks executed (seconds): " + seconds + ", total "
        + Math.round(seconds.values().stream().mapToDouble(Double::doubleValue).sum()));
  }

  /**
   * The interpreter jupyter itself runs on (its script's #! line), which is the one its native
   * python3 kernel uses; "python3" from PATH may be another installation (pyenv) without the packages.
   */
  static String jupyterInterpreter() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      java.nio.file.Path script = java.nio.file.Path.of(dir, "jupyter");
      if (!Files.isRegularFile(script)) continue;
      try (var lines = Files.lines(script)) {
        String first = lines.findFirst().orElse("");
        if (first.startsWith("#!") && !first.contains(" ")) return first.substring(2).strip();
      } catch (Exception e) {
        // not a readable script: fall back to PATH's python3
      }
      break;
    }
    return "python3";
  }

  /** Null when jupyter and the kernel's modules are there, else what is missing. */
  static String missingPython() throws Exception {
    Result j = run(List.of("jupyter", "nbconvert", "--version"), Map.of(), 120);
    if (j.code() != 0) return "jupyter nbconvert: " + j.tail().strip();
    // The kernel the notebooks name: python3 as jupyter resolves it.
    Result k = run(List.of("jupyter", "kernelspec", "list", "--json"), Map.of(), 120);
    String python = jupyterInterpreter();
    if (k.code() == 0) {
      JsonNode argv = Json.MAPPER.readTree(k.out()).path("kernelspecs").path("python3").path("spec").path("argv");
      if (argv.isArray() && argv.size() > 0) python = argv.get(0).asText();
    }
    Result m = run(List.of(python, "-c", "import pandas, matplotlib, rdflib, SPARQLWrapper, networkx, PIL, ipykernel"), Map.of(), 120);
    return m.code() == 0 ? null : python + ": " + m.tail().strip().lines().reduce((a, b) -> b).orElse("");
  }

  /**
   * deploy's PipelineTest leaves the README's pipeline (reduced) in deploy/target/pipeline-test; a run of
   * this module alone makes its own the same way.
   */
  Path pipelineOutputs() throws Exception {
    for (Path p : List.of(ROOT.resolve("deploy/target/pipeline-test/pipeline"), HERE.resolve("target/pipeline"))) {
      if (Files.exists(p.resolve("report/metrics.json")) && Files.isDirectory(p.resolve("report/embeddings"))) return p;
    }
    Path out = HERE.resolve("target/pipeline");
    Result r = run(List.of(ROOT.resolve("bin/phenolip").toString(), "pipeline", "--out", out.toString(),
        "--stage1-steps", "60", "--stage2-epochs", "10", "--probe", "none", "--master", "local[2]"),
        Map.of("PHENOLIP_SKIP_BUILD", "1"), 1800);
    assertEquals(0, r.code(), "the pipeline the notebooks read failed:\n" + r.tail());
    return out;
  }

  record Result(int code, String out, String tail) {}

  static Result run(List<String> cmd, Map<String, String> env, long timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("notebooks-test", ".log");
    Path out = Files.createTempFile("notebooks-test", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(HERE.toFile()).redirectError(log.toFile()).redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) { // not installed
        return new Result(127, "", cmd.get(0) + ": " + e.getMessage());
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new Result(124, "", String.join(" ", cmd) + ": timed out after " + timeoutSeconds + " s");
      }
      String err = Files.readString(log);
      return new Result(p.exitValue(), Files.readString(out), err.length() > 4000 ? err.substring(err.length() - 4000) : err);
    } finally {
      Files.deleteIfExists(log);
      Files.deleteIfExists(out);
    }
  }
}
