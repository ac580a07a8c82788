package org.phenolip.kg.linking;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trie over normalised tokens, for names of a few tokens matched at every token start of a
 * caption. Why not only the {@code org.ahocorasick} library: on the ROCO captions its
 * character-level automaton (a boxed-{@code Character} HashMap per state) scanned about 4× fewer
 * captions per second than the 100,000/s goal before any other work, and took seconds to build
 * for HPO (numbers in LinkingThroughput's JSON, "ahocorasick_library_*"). Here a caption token
 * costs one hash probe into the vocabulary (no String is made) and one per trie step; names
 * are short (HPO: ≤ 20 tokens), so trying every start is cheap. The library remains the
 * reference engine (test scope: {@code AhoCorasickMatcher}) and tests check that both give
 * the same mentions on all ROCO captions. Immutable after construction; thread-safe.
 *
 * @param <T> payload of a complete name
 */
final class TokenTrie<T> {
  private static final int NONE = -1;

  // Vocabulary: open addressing, token chars compared in place.
  private final char[][] vocab;
  private final int[] vocabHash;
  private final int[] vocabSlots;   // slot → token id + 1 (0 = empty)
  private final int vocabMask;

  // Edges: open addressing on (node << 32 | token) → child.
  private final long[] edgeKeys;
  private final int[] edgeChild;
  private final int edgeMask;
  private final Object[] payload;   // per node, null when no name ends there

  TokenTrie(Map<String, T> names) {
    java.util.LinkedHashMap<String, Integer> ids = new java.util.LinkedHashMap<>();
    int nodes = 1, edges = 0;
    for (String name : names.keySet()) {
      for (String t : name.split(" ")) ids.putIfAbsent(t, ids.size());
      edges += name.split(" ").length;
    }
    vocab = new char[ids.size()][];
    vocabHash = new int[ids.size()];
    vocabSlots = new int[tableSize(ids.size())];
    vocabMask = vocabSlots.length - 1;
    ids.forEach((t, id) -> {
      vocab[id] = t.toCharArray();
      vocabHash[id] = t.hashCode();
      int s = mix(vocabHash[id]) & vocabMask;
      while (vocabSlots[s] != 0) s = (s + 1) & vocabMask;
      vocabSlots[s] = id + 1;
    });
    edgeKeys = new long[tableSize(edges)];
    Arrays.fill(edgeKeys, -1L);
    edgeChild = new int[edgeKeys.length];
    edgeMask = edgeKeys.length - 1;
    Object[] pay = new Object[edges + 1];
    for (Map.Entry<String, T> e : names.entrySet()) {
      int node = 0;
      for (String t : e.getKey().split(" ")) {
        int tok = ids.get(t);
        int child = child(node, tok);
        if (child == NONE) {
          child = nodes++;
          put(node, tok, child);
        }
        node = child;
      }
      pay[node] = e.getValue();
    }
    payload = Arrays.copyOf(pay, nodes);
  }

  /** Token id of {@code buf[s, e)} with {@code String.hashCode}-style hash h, or -1. */
  int tokenId(char[] buf, int s, int e, int h) {
    int slot = mix(h) & vocabMask;
    int n = e - s;
    for (int v; (v = vocabSlots[slot]) != 0; slot = (slot + 1) & vocabMask) {
      int id = v - 1;
      if (vocabHash[id] == h && sameChars(vocab[id], buf, s, n)) return id;
    }
    return NONE;
  }

  /** Short tokens: a plain loop beats Arrays.equals' vectorised mismatch, which pays a setup per call. */
  private static boolean sameChars(char[] v, char[] buf, int s, int n) {
    if (v.length != n) return false;
    for (int k = 0; k < n; k++) if (v[k] != buf[s + k]) return false;
    return true;
  }

  /** Token ids of a normalised text (-1 where the token is in no name). */
  int[] tokenIds(NormalizedText nt) {
    int n = nt.tokenCount();
    int[] ids = new int[n];
    char[] buf = nt.buffer();
    for (int i = 0; i < n; i++) ids[i] = tokenId(buf, nt.normStart(i), nt.normEnd(i), nt.tokenHash(i));
    return ids;
  }

  /** Calls {@code sink} for every (first, last, payload) name occurrence, by start then length. */
  @SuppressWarnings("unchecked")
  void matches(int[] ids, Sink<T> sink) {
    for (int i = 0; i < ids.length; i++) {
      int node = 0;
      for (int j = i; j < ids.length && ids[j] >= 0; j++) {
        node = child(node, ids[j]);
        if (node == NONE) break;
        Object p = payload[node];
        if (p != null) sink.accept(i, j, (T) p);
      }
    }
  }

  interface Sink<T> {
    void accept(int first, int last, T payload);
  }

  int vocabularySize() { return vocab.length; }

  private int child(int node, int tok) {
    long key = ((long) node << 32) | tok;
    for (int s = mix(Long.hashCode(key) * 31 + tok) & edgeMask; ; s = (s + 1) & edgeMask) {
      long k = edgeKeys[s];
      if (k == key) return edgeChild[s];
      if (k == -1L) return NONE;
    }
  }

  private void put(int node, int tok, int child) {
    long key = ((long) node << 32) | tok;
    int s = mix(Long.hashCode(key) * 31 + tok) & edgeMask;
    while (edgeKeys[s] != -1L) s = (s + 1) & edgeMask;
    edgeKeys[s] = key;
    edgeChild[s] = child;
  }

  private static int tableSize(int n) {
    int size = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;   // load factor ≤ 0.5
    return size;
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x7feb352d;
    h ^= h >>> 15;
    return h;
  }

  static <T> TokenTrie<T> of(List<String> names, T value) {
    java.util.LinkedHashMap<String, T> m = new java.util.LinkedHashMap<>();
    for (String n : names) m.put(n, value);
    return new TokenTrie<>(m);
  }
}
