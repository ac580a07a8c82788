package org.phenolip.kg.linking;

import java.util.Map;
import org.ahocorasick.trie.PayloadTrie;

/**
 * The reference engine the token trie is checked against: one {@code org.ahocorasick} pass of
 * space-padded keys over the space-padded normalised text. Test scope only (see
 * {@link TokenTrie} for why it is not the product engine).
 */
public final class AhoCorasickMatcher<T> implements NameMatcher<T> {
  public static final NameMatcher.Engine ENGINE = new NameMatcher.Engine() {
    private static final long serialVersionUID = 1L;

    @Override
    public <T> NameMatcher<T> build(Map<String, T> names) {
      return new AhoCorasickMatcher<>(names);
    }
  };

  private record Name<T>(int tokens, T payload) {}

  private final PayloadTrie<Name<T>> trie;

  private AhoCorasickMatcher(Map<String, T> names) {
    PayloadTrie.PayloadTrieBuilder<Name<T>> b = PayloadTrie.builder();
    names.forEach((key, p) -> b.addKeyword(" " + key + " ", new Name<>(key.split(" ", -1).length, p)));
    this.trie = b.build();
  }

  @Override
  public void matches(NormalizedText nt, Hit<T> hit) {
    trie.parseText(nt.padded(), emit -> {
      int first = nt.tokenStartingAt(emit.getStart() + 1);
      Name<T> n = emit.getPayload();
      hit.found(first, first + n.tokens() - 1, n.payload());
      return true;
    });
  }
}
