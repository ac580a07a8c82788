package org.phenolip.model.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;

/**
 * A caption's embedding from {@link PhenolipEncoder#embedTextsIndependently} is a function of the
 * caption alone: embedded among 63 others, alone, or in calls of 5 or 63, it has the same bits
 * (issue 9: stage 2's teacher embeds captions in chunks that follow the partitioning).
 */
class PhenolipEncoderBatchTest {
  @Test
  void embeddingsDoNotDependOnTheCallsLength(@TempDir Path dir) throws Exception {
    Path vocab = Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt");
    var tok = TokenizerSpec.fromVocabTxt(vocab);
    try (var m = NDManager.newBaseManager("PyTorch")) {
      PhenolipEncoder.save(PhenolipModel.create(ModelConfig.tiny(tok.size()), m, 4), vocab, dir);
    }
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      captions.add("Dermoscopy of lesion " + i + (i % 3 == 0 ? " with an atypical pigment network and regression structures." : ", a nevus."));
    }
    try (PhenolipEncoder enc = PhenolipEncoder.load(dir)) {
      float[][] all = enc.embedTextsIndependently(captions);
      for (int size : new int[] {1, 5, 63}) {
        for (int from = 0; from < (size == 1 ? 3 : captions.size()); from += size) { // calls of 1: the first three
          float[][] part = enc.embedTextsIndependently(captions.subList(from, Math.min(captions.size(), from + size)));
          for (int k = 0; k < part.length; k++) {
            assertArrayEquals(all[from + k], part[k], "caption " + (from + k) + " in calls of " + size);
          }
        }
      }
    }
  }
}
