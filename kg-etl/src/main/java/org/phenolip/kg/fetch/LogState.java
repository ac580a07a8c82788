package org.phenolip.kg.fetch;

import java.io.Serializable;

/** The fetch log's latest row for one metadata key: what the next run diffs the inventory against. */
public record LogState(String key, String pmcid, int version, String etag, String status, String reason, String license,
    boolean retracted) implements Serializable {}
