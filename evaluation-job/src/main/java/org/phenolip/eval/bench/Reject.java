package org.phenolip.eval.bench;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A row left out of a benchmark, with where it came from and why. */
public record Reject(String source, String id, String reason, String detail) implements Serializable {
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("id", id);
    m.put("reason", reason);
    m.put("detail", detail);
    return m;
  }
}
