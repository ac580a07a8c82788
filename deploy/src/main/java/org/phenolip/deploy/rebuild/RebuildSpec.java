package org.phenolip.deploy.rebuild;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy/pipeline.yaml}: the one description of a scheduled rebuild. {@code phenolip rebuild}
 * runs it and the Airflow DAG is generated from it, so the two cannot drift apart.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record RebuildSpec(
    String name,
    String schedule,
    Map<String, String> vars,
    Spark spark,
    Airflow airflow,
    List<Step> steps) {

  /** How each step is submitted: the jar, main class and confs (Airflow's SparkSubmitOperator uses the same). */
  public record Spark(
      @JsonProperty("conn_id") String connId,
      String jar,
      @JsonProperty("main_class") String mainClass,
      Map<String, String> conf) {}

  /** DAG-level settings that only Airflow reads. */
  public record Airflow(
      @JsonProperty("start_date") String startDate,
      @JsonProperty("sla_minutes") Integer slaMinutes,
      @JsonProperty("retry_delay_minutes") Integer retryDelayMinutes,
      @JsonProperty("inventory_sensor") InventorySensor inventorySensor) {}

  /** Waits for the PMC bucket's newest inventory report before the first step. */
  public record InventorySensor(
      String bucket,
      String key,
      @JsonProperty("poke_minutes") Integer pokeMinutes,
      @JsonProperty("timeout_hours") Integer timeoutHours) {}

  /**
   * One step: a {@code phenolip} command line. {@code inputs}/{@code outputs} are fingerprinted to
   * decide whether the step has anything new to do; {@code always} steps (the fetch probe) run every
   * time and count as work only when their outputs change.
   */
  public record Step(
      String id,
      String description,
      List<String> command,
      List<String> after,
      List<String> inputs,
      List<String> outputs,
      Integer retries,
      Boolean always,
      Boolean spark,
      When when) {
    public List<String> afterOrEmpty() { return after == null ? List.of() : after; }
    public List<String> inputsOrEmpty() { return inputs == null ? List.of() : inputs; }
    public List<String> outputsOrEmpty() { return outputs == null ? List.of() : outputs; }
    public int retriesOrZero() { return retries == null ? 0 : retries; }
    public boolean isAlways() { return Boolean.TRUE.equals(always); }
    public boolean isSpark() { return spark == null || spark; }
  }

  /**
   * Runs the step only when a number in a JSON file (e.g. the PhenoKG manifest's pair count)
   * changed by more than {@code min_change} (a fraction) since the step last succeeded.
   */
  public record When(
      String json,
      String pointer,
      @JsonProperty("min_change") double minChange) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

  /** Reads and validates a spec; every problem is one line naming the step. */
  public static RebuildSpec load(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("spec not found: " + file);
    RebuildSpec spec;
    try {
      spec = YAML.readValue(file.toFile(), RebuildSpec.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("spec " + file + " is not valid: " + firstLine(e.getMessage()));
    }
    spec.validate();
    return spec;
  }

  void validate() {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("spec: 'name' is required");
    if (steps == null || steps.isEmpty()) throw new IllegalArgumentException("spec: no steps");
    Set<String> seen = new HashSet<>();
    for (Step s : steps) {
      if (s.id() == null || !s.id().matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("spec: step id '" + s.id() + "' must match [a-z][a-z0-9_]*");
      }
      if (!seen.add(s.id())) throw new IllegalArgumentException("spec: duplicate step id '" + s.id() + "'");
      if (s.command() == null || s.command().isEmpty()) {
        throw new IllegalArgumentException("spec: step '" + s.id() + "' has no command");
      }
      for (String a : s.afterOrEmpty()) {
        // Steps are listed in run order: a dependency must come first, which also rules out cycles.
        if (!seen.contains(a) || a.equals(s.id())) {
          throw new IllegalArgumentException("spec: step '" + s.id() + "' runs after '" + a + "', which is not an earlier step");
        }
      }
      if (s.retriesOrZero() < 0) throw new IllegalArgumentException("spec: step '" + s.id() + "': retries must be >= 0");
      if (s.when() != null && (s.when().json() == null || s.when().pointer() == null || s.when().minChange() < 0)) {
        throw new IllegalArgumentException("spec: step '" + s.id() + "': when needs json, pointer and min_change >= 0");
      }
    }
  }

  /** The variables with overrides applied (overrides win; values may use earlier variables). */
  public Map<String, String> variables(Map<String, String> overrides) {
    Map<String, String> v = new LinkedHashMap<>(vars == null ? Map.of() : vars);
    for (String k : overrides.keySet()) {
      if (!v.containsKey(k)) throw new IllegalArgumentException("--var " + k + ": the spec has no such variable (has " + v.keySet() + ")");
    }
    v.putAll(overrides);
    Map<String, String> resolved = new LinkedHashMap<>();
    for (var e : v.entrySet()) resolved.put(e.getKey(), substitute(e.getValue(), resolved, "vars." + e.getKey()));
    return resolved;
  }

  /** Replaces {@code ${name}}; an unknown name is an error, not an empty string. */
  public static String substitute(String text, Map<String, String> vars, String where) {
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String val = vars.get(m.group(1));
      if (val == null) throw new IllegalArgumentException("spec: " + where + " uses ${" + m.group(1) + "}, which is not defined");
      m.appendReplacement(sb, Matcher.quoteReplacement(val));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A step with every {@code ${var}} replaced. */
  public Step resolve(Step s, Map<String, String> v) {
    return new Step(s.id(), s.description(), sub(s.command(), v, s.id()), s.after(), sub(s.inputs(), v, s.id()),
        sub(s.outputs(), v, s.id()), s.retries(), s.always(), s.spark(),
        s.when() == null ? null : new When(substitute(s.when().json(), v, s.id()), s.when().pointer(), s.when().minChange()));
  }

  private static List<String> sub(List<String> l, Map<String, String> v, String id) {
    if (l == null) return null;
    List<String> out = new ArrayList<>();
    for (String x : l) out.add(substitute(x, v, "step '" + id + "'"));
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
