package org.phenolip.model.encode;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.phenolip.model.text.WordPieceTokenizer;

/**
 * A tokenizer that travels to Spark tasks: the vocabulary itself (not a path that may not
 * exist on an executor), with the tokenizer rebuilt once per task.
 */
public final class TokenizerSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  private final List<String> vocabulary;
  private transient WordPieceTokenizer tokenizer;

  private TokenizerSpec(List<String> vocabulary) {
    this.vocabulary = List.copyOf(vocabulary);
  }

  public static TokenizerSpec fromVocabTxt(Path file) {
    try {
      WordPieceTokenizer.fromVocabTxt(file, true); // validates: specials present
      return new TokenizerSpec(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vocabulary " + file, e);
    }
  }

  public int size() { return vocabulary.size(); }

  public synchronized WordPieceTokenizer tokenizer() {
    if (tokenizer == null) tokenizer = new WordPieceTokenizer(vocabulary, true);
    return tokenizer;
  }
}
