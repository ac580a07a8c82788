package org.phenolip.model.text.bench;

import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.bert.BertFullTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.phenolip.core.io.Json;
import org.phenolip.model.text.WordPieceTokenizer;

/**
 * The project's WordPiece tokenizer against DJL's BertFullTokenizer, side by side in one run, on
 * every label, synonym and definition of the HPO 2024-08-13 release with the SciBERT vocabulary:
 * whether the tokens are identical, and texts per second (median of the passes, one thread).
 * Usage: TokenizerBench OUT.json [passes]  (run from model/, like the tests).
 */
public final class TokenizerBench {
  private TokenizerBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench/tokenizer.json");
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> vocab = Files.readAllLines(Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt"));
    WordPieceTokenizer ours = new WordPieceTokenizer(vocab, true);
    BertFullTokenizer djl = new BertFullTokenizer(new DefaultVocabulary(vocab), true);
    List<String> texts = hpoTexts();

    int differ = 0;
    for (String t : texts) if (!ours.tokenize(t).equals(djl.tokenize(t))) differ++;

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("texts", texts.size());
    json.put("texts_with_different_tokens", differ);
    double o = rate(texts, ours::tokenize, passes);
    double d = rate(texts, djl::tokenize, passes);
    json.put("ours_texts_per_s", Math.round(o));
    json.put("djl_bert_full_tokenizer_texts_per_s", Math.round(d));
    json.put("ours_over_djl", Math.round(o / d * 100) / 100.0);
    json.put("passes", passes);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, json);
    System.out.println(Json.write(json));
  }

  private static double rate(List<String> texts, Function<String, List<String>> tokenize, int passes) {
    long sink = 0;
    for (String t : texts) sink += tokenize.apply(t).size(); // warm-up
    double[] r = new double[passes];
    for (int p = 0; p < passes; p++) {
      long t0 = System.nanoTime();
      for (String t : texts) sink += tokenize.apply(t).size();
      r[p] = texts.size() / ((System.nanoTime() - t0) / 1e9);
    }
    if (sink == 42) System.out.print("");
    Arrays.sort(r);
    return r[passes / 2];
  }

  static List<String> hpoTexts() throws Exception {
    JsonNode root;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("../data/hpo/hp.v2024-08-13.json.gz")))) {
      root = Json.MAPPER.readTree(in);
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode node : root.path("graphs").get(0).path("nodes")) {
      if (node.hasNonNull("lbl")) texts.add(node.get("lbl").asText());
      JsonNode def = node.path("meta").path("definition").path("val");
      if (def.isTextual()) texts.add(def.asText());
      for (JsonNode syn : node.path("meta").path("synonyms")) texts.add(syn.path("val").asText());
    }
    return texts;
  }
}
