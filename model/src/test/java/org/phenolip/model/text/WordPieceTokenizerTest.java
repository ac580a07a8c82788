package org.phenolip.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.bert.BertFullTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;

class WordPieceTokenizerTest {
  static final Path SCIBERT = Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt");
  static final List<String> SMALL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat",
      "un", "##aff", "##able", ",", "!", "hello", "dog", "##s", "a", "##b", "ab", "中");
  static WordPieceTokenizer small;
  static WordPieceTokenizer scibert;
  static List<String> hpoTexts;

  @BeforeAll
  static void load() throws IOException {
    small = new WordPieceTokenizer(SMALL, true);
    scibert = WordPieceTokenizer.fromVocabTxt(SCIBERT, true);
    hpoTexts = hpoLabelsAndDefinitions(3000);
  }

  /** Real HPO text: labels, synonyms and definitions from the 2024-08-13 release. */
  static List<String> hpoLabelsAndDefinitions(int limit) throws IOException {
    JsonNode root;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("../data/hpo/hp.v2024-08-13.json.gz")))) {
      root = Json.MAPPER.readTree(in);
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode node : root.path("graphs").get(0).path("nodes")) {
      if (texts.size() >= limit) {
        break;
      }
      if (node.hasNonNull("lbl")) {
        texts.add(node.get("lbl").asText());
      }
      JsonNode def = node.path("meta").path("definition").path("val");
      if (def.isTextual()) {
        texts.add(def.asText());
      }
      for (JsonNode syn : node.path("meta").path("synonyms")) {
        texts.add(syn.path("val").asText());
      }
    }
    return texts;
  }

  @Test
  void greedyLongestMatchFirst() {
    assertEquals(List.of("un", "##aff", "##able"), small.tokenize("unaffable"));
    assertEquals(List.of("ab"), small.tokenize("ab"));
    assertEquals(List.of("dog", "##s"), small.tokenize("dogs"));
  }

  @Test
  void lowerCasesStripsAccentsAndSplitsPunctuation() {
    assertEquals(List.of("hello", ",", "the", "cat", "!"), small.tokenize("  HÉLLO,the\tCat!  "));
    assertEquals(List.of("a", "中", "ab"), small.tokenize("a中ab"));
  }

  @Test
  void unknownAndOverlongWordsBecomeUnk() {
    assertEquals(List.of("the", "[UNK]", "cat"), small.tokenize("the zebra cat"));
    assertEquals(List.of("[UNK]"), small.tokenize("a".repeat(101)));
    assertEquals(List.of("ab", "##b"), small.tokenize("abb")); // longest match first, not "a ##b ##b"
  }

  @Test
  void encodesToFixedLengthWithSpecialTokensAndMask() {
    Encoding e = small.encode("the cat", 6);
    assertArrayEquals(new long[] {2, 4, 5, 3, 0, 0}, e.ids());
    assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0}, e.mask());
    assertFalse(e.truncated());
    assertEquals(4, e.length());

    Encoding cut = small.encode("the cat the cat the", 4);
    assertArrayEquals(new long[] {2, 4, 5, 3}, cut.ids());
    assertTrue(cut.truncated());

    Encoding empty = small.encode("", 3);
    assertArrayEquals(new long[] {2, 3, 0}, empty.ids());
  }

  @Test
  void batchIsRowMajor() {
    long[][] b = small.encodeBatch(List.of("cat", "the dog"), 5);
    assertArrayEquals(new long[] {2, 5, 3, 0, 0, 2, 4, 12, 3, 0}, b[0]);
    assertArrayEquals(new long[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 0}, b[1]);
  }

  @Test
  void realSciBertVocabulary() {
    assertEquals(31090, scibert.vocabSize());
    assertEquals(102, scibert.clsId()); // line 103 of vocab.txt
    assertEquals(103, scibert.sepId());
    assertEquals(0, scibert.padId());
    assertEquals(101, scibert.unkId());
    List<String> t = scibert.tokenize("Abnormality of the cardiovascular system");
    assertEquals("abnormality of the cardiovascular system", String.join(" ", t).replace(" ##", ""));
    assertFalse(t.contains("[UNK]"));
  }

  /** DJL's BertFullTokenizer is an independent implementation of the same algorithm. */
  @Test
  void agreesWithDjlBertFullTokenizerOnRealHpoText() throws IOException {
    List<String> vocab = Files.readAllLines(SCIBERT);
    BertFullTokenizer reference = new BertFullTokenizer(new DefaultVocabulary(vocab), true);
    int compared = 0;
    for (String text : hpoTexts) {
      assertEquals(reference.tokenize(text), scibert.tokenize(text), text);
      compared++;
    }
    assertTrue(compared >= 3000, "compared " + compared);
  }

  @Test
  void threadSafeAndDeterministic() {
    List<String> sequential = hpoTexts.stream().map(t -> String.join(" ", scibert.tokenize(t))).toList();
    List<String> parallel = hpoTexts.parallelStream().map(t -> String.join(" ", scibert.tokenize(t)))
        .collect(Collectors.toList());
    assertEquals(sequential, parallel);
  }

  @Test
  void readsHuggingFaceTokenizerJson(@TempDir Path dir) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("normalizer").put("type", "BertNormalizer").put("lowercase", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##");
    ObjectNode v = model.putObject("vocab");
    for (int i = 0; i < SMALL.size(); i++) {
      v.put(SMALL.get(i), i);
    }
    Path file = dir.resolve("tokenizer.json");
    Json.write(file, root);
    WordPieceTokenizer fromJson = WordPieceTokenizer.fromTokenizerJson(file);
    assertEquals(SMALL.size(), fromJson.vocabSize());
    for (String text : List.of("unaffable dogs", "Hello, the cat!", "zebra")) {
      assertArrayEquals(small.encode(text, 8).ids(), fromJson.encode(text, 8).ids(), text);
    }
  }

  @Test
  void badVocabulariesAreClearErrors(@TempDir Path dir) throws IOException {
    Path noCls = dir.resolve("vocab.txt");
    Files.write(noCls, List.of("[PAD]", "[UNK]", "[SEP]", "cat", "dog"));
    var e = assertThrows(IOException.class, () -> WordPieceTokenizer.fromVocabTxt(noCls, true));
    assertEquals(noCls + " has no [CLS] token", e.getMessage());

    Path bpe = dir.resolve("tokenizer.json");
    Files.writeString(bpe, "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");
    var b = assertThrows(IOException.class, () -> WordPieceTokenizer.fromTokenizerJson(bpe));
    assertEquals(bpe + ": model.type is 'BPE', only WordPiece tokenizers are supported", b.getMessage());
  }
}
