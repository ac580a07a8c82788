package org.phenolip.deploy.rebuild;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;

/**
 * The Airflow DAG is built from the same spec as {@code phenolip rebuild}: loaded with a stand-in for
 * the airflow classes (Airflow itself cannot be installed here), its task ids, dependencies and
 * spark-submit arguments must equal the plan the Java side resolves, with the same variable override.
 */
class AirflowDagTest {
  @TempDir Path tmp;

  @Test
  void dagEqualsTheRebuildPlan() throws Exception {
    Map<String, String> overrides = Map.of("root", "hdfs:///phenolip", "source", "s3://pmc-oa-opendata");
    RebuildSpec spec = RebuildSpec.load(Path.of("pipeline.yaml"));
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("name", spec.name());
    plan.put("steps", new Rebuild(spec, overrides, a -> 0, new Configuration()).plan());
    Path planFile = tmp.resolve("plan.json");
    Files.writeString(planFile, Json.write(plan));

    String python = python();
    ProcessBuilder pb = new ProcessBuilder(python, "src/test/python/check_airflow_dag.py",
        "airflow/phenolip_rebuild.py", planFile.toString()).redirectErrorStream(true);
    pb.environment().put("PHENOLIP_SPEC", Path.of("pipeline.yaml").toAbsolutePath().toString());
    pb.environment().put("PHENOLIP_VARS", Json.MAPPER.writeValueAsString(overrides));
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python finished");
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("OK 8 steps + sensor"), out);
  }

  /** Debian's python3 with PyYAML (installed by bin/setup-debian.sh airflow-test). */
  private static String python() throws IOException, InterruptedException {
    new ProcessBuilder("bash", "../bin/setup-debian.sh", "airflow-test").inheritIO().start().waitFor(600, TimeUnit.SECONDS);
    for (String py : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(py, "-c", "import yaml").redirectErrorStream(true).start();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
      } catch (IOException ignored) {
        // try the next interpreter
      }
    }
    throw new AssertionError("no python3 with PyYAML: install python3-yaml (bin/setup-debian.sh airflow-test)");
  }
}
