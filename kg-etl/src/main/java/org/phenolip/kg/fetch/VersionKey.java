package org.phenolip.kg.fetch;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One article version of the PMC Cloud Service: {@code PMC<id>.<v>}. Its objects live under the
 * prefix {@code PMC<id>.<v>/}; its metadata JSON is also stored as {@code metadata/PMC<id>.<v>.json},
 * the key the daily inventory lists.
 */
public record VersionKey(String pmcid, int version) implements Serializable, Comparable<VersionKey> {
  private static final Pattern NAME = Pattern.compile("(PMC\\d+)\\.(\\d+)");
  private static final Pattern IN_KEY = Pattern.compile("(?:^|/)(PMC\\d+)\\.(\\d+)(?:/|\\.json$)");

  public VersionKey {
    if (!pmcid.matches("PMC\\d+") || version < 1) throw new IllegalArgumentException("not a PMC version: " + pmcid + "." + version);
  }

  /** {@code PMC123.4} → key; null when the text is not one. */
  public static VersionKey parse(String name) {
    Matcher m = NAME.matcher(name.strip());
    return m.matches() ? new VersionKey(m.group(1), Integer.parseInt(m.group(2))) : null;
  }

  /** The version an object key belongs to ({@code metadata/PMC1.2.json}, {@code PMC1.2/x.jpg}); null if none. */
  public static VersionKey ofKey(String key) {
    Matcher m = IN_KEY.matcher(key);
    return m.find() ? new VersionKey(m.group(1), Integer.parseInt(m.group(2))) : null;
  }

  public String name() { return pmcid + "." + version; }

  public String prefix() { return name() + "/"; }

  public String metadataKey() { return "metadata/" + name() + ".json"; }

  public String xmlName() { return name() + ".xml"; }

  public String jsonName() { return name() + ".json"; }

  @Override
  public int compareTo(VersionKey o) {
    int c = Long.compare(Long.parseLong(pmcid.substring(3)), Long.parseLong(o.pmcid.substring(3)));
    return c != 0 ? c : Integer.compare(version, o.version);
  }

  @Override
  public String toString() { return name(); }
}
