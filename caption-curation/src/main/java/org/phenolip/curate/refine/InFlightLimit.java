package org.phenolip.curate.refine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The per-executor cap on LLM requests in flight: one semaphore per JVM (per configured limit),
 * shared by every task the executor runs at once, so N task slots never mean N × limit requests.
 */
public final class InFlightLimit {
  private static final Map<Integer, Semaphore> PERMITS = new ConcurrentHashMap<>();

  private InFlightLimit() {}

  public static Semaphore of(int limit) {
    return PERMITS.computeIfAbsent(limit, n -> new Semaphore(n, true));
  }
}
