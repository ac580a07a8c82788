package org.phenolip.kg.linking;

import java.io.Serializable;
import java.util.Map;

/**
 * Finds every dictionary name (a normalised key of space-separated tokens) in a normalised text
 * as a whole-token sequence. The linker's engine is {@link TokenTrie}; tests cross-check it
 * against an {@code org.ahocorasick} engine behind this same seam.
 *
 * @param <T> payload of a complete name
 */
public interface NameMatcher<T> {
  /** Calls {@code hit} for every (first token, last token, payload) occurrence, by start then length. */
  void matches(NormalizedText text, Hit<T> hit);

  interface Hit<T> {
    void found(int firstToken, int lastToken, T payload);
  }

  /** Builds a matcher over names; serializable so a linker can be rebuilt where it arrives. */
  interface Engine extends Serializable {
    <T> NameMatcher<T> build(Map<String, T> names);
  }

  /** The default engine: {@link TokenTrie}. */
  Engine TOKEN_TRIE = new Engine() {
    private static final long serialVersionUID = 1L;

    @Override
    public <T> NameMatcher<T> build(Map<String, T> names) {
      TokenTrie<T> trie = new TokenTrie<>(names);
      return (nt, hit) -> trie.matches(trie.tokenIds(nt), hit::found);
    }

    private Object readResolve() {
      return TOKEN_TRIE;
    }
  };
}
