package org.phenolip.kg.fetch;

import java.io.Serializable;

/**
 * One version to fetch: its metadata key and the ETag the listing gave ({@code change} = new,
 * changed, retry or recheck, for the summary).
 */
public record WorkItem(VersionKey version, String key, String etag, String lastModified, String change) implements Serializable {}
