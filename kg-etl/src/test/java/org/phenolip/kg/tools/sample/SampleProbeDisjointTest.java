package org.phenolip.kg.tools.sample;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.phenolip.core.io.Npz;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.ParsedArticle;
import org.phenolip.kg.pmc.PmcSource;

/**
 * No image a model trains on (the bundled sample's figures, in both layouts) is an image a linear probe fits or
 * scores on (the ISIC folder {@code train_subset}, MedMNIST's train and test splits): compared by file bytes, by
 * the ground truth's source of every panel, and by decoded pixels for every MedMNIST panel.
 */
class SampleProbeDisjointTest {
  static final Path DATA = SampleOaPackagesTest.DATA;
  static final Path PROBE_ISIC = DATA.resolve("images/isic_9class/train_subset");
  static final List<String> PROBE_SPLITS = List.of("train", "test");

  @Test
  void noSampleFileIsAProbeFile() throws Exception {
    Map<String, Path> probe = new HashMap<>();
    try (Stream<Path> s = Files.walk(PROBE_ISIC)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) probe.put(sha256(Files.readAllBytes(p)), p);
    }
    assertEquals(135, probe.size(), "the ISIC probe's images");
    int checked = 0;
    for (ParsedArticle a : PmcSource.read(SampleOaPackagesTest.SAMPLE).toList()) {
      for (Figure f : a.figures()) {
        assertNull(probe.get(sha256(f.image())), f.figureId() + " is a probe image");
        checked++;
      }
    }
    try (Stream<Path> s = Files.walk(DATA.resolve("sample/pmc-cloud"))) {
      for (Path p : s.filter(p -> p.toString().matches(".*\\.(jpg|png)$")).toList()) {
        assertNull(probe.get(sha256(Files.readAllBytes(p))), p + " is a probe image");
        checked++;
      }
    }
    assertTrue(checked > 300, checked + " sample images checked");
  }

  @Test
  void everyPanelComesFromOutsideTheProbes() throws Exception {
    int panels = 0;
    for (JsonNode t : SampleOaPackagesTest.truth()) {
      for (JsonNode p : t.get("panels")) {
        String src = p.get("source_image").asText();
        assertFalse(src.startsWith("images/isic_9class/train_subset/"), src);
        if (src.contains(".npz#")) assertTrue(src.contains("#" + SampleOaPackages.SPLIT + "_images["), src);
        else assertTrue(src.startsWith(SampleOaPackages.ISIC_FIGURES + "/"), src);
        panels++;
      }
    }
    assertTrue(panels >= 200, panels + " panels");
  }

  /**
   * Decoded pixels, so a PNG re-encoding of a probe image would be caught whatever its file bytes. As a control
   * that the panel crop is exact, each panel's pixels must be those of the validation image it names.
   */
  @Test
  void noMedMnistPanelHasTheProbesPixels() throws Exception {
    Map<String, Map<String, String>> probePixels = new HashMap<>(); // npz -> pixel hash -> split[i]
    Map<String, Npz.Array> sources = new HashMap<>(); // npz -> the split the sample draws from
    Map<String, int[]> shapes = new HashMap<>();
    for (String file : List.of("breastmnist", "pneumoniamnist")) {
      Map<String, Npz.Array> npz = Npz.read(DATA.resolve("images/medmnist/" + file + ".npz"));
      Map<String, String> byHash = new HashMap<>();
      for (String split : PROBE_SPLITS) {
        Npz.Array x = npz.get(split + "_images");
        int n = x.shape()[0], size = x.shape()[1] * x.shape()[2];
        byte[] px = x.uint8();
        for (int i = 0; i < n; i++) byHash.put(sha256(Arrays.copyOfRange(px, i * size, (i + 1) * size)), split + "[" + i + "]");
        shapes.put(file, x.shape());
      }
      probePixels.put(file, byHash);
      sources.put(file, npz.get(SampleOaPackages.SPLIT + "_images"));
    }
    Map<String, Figure> figures = new HashMap<>();
    for (ParsedArticle a : PmcSource.read(SampleOaPackagesTest.SAMPLE).toList()) {
      for (Figure f : a.figures()) figures.put(f.figureId(), f);
    }
    int checked = 0;
    for (JsonNode t : SampleOaPackagesTest.truth()) {
      JsonNode panels = t.get("panels");
      String src0 = panels.get(0).get("source_image").asText();
      if (!src0.contains(".npz#")) continue;
      String file = src0.substring(src0.lastIndexOf('/') + 1, src0.indexOf(".npz#"));
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(figures.get(t.get("figure_id").asText()).image()));
      for (JsonNode p : panels) {
        JsonNode b = p.get("bbox");
        int[] shape = shapes.get(file);
        assertEquals(shape[2], b.get(2).asInt(), "panel width");
        assertEquals(shape[1], b.get(3).asInt(), "panel height");
        Raster r = img.getData().createChild(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt(), 0, 0, null);
        byte[] gray = new byte[b.get(2).asInt() * b.get(3).asInt()];
        for (int y = 0, k = 0; y < b.get(3).asInt(); y++) {
          for (int x = 0; x < b.get(2).asInt(); x++) gray[k++] = (byte) r.getSample(x, y, 0);
        }
        String src = p.get("source_image").asText();
        int index = Integer.parseInt(src.substring(src.indexOf('[') + 1, src.indexOf(']')));
        byte[] expected = Arrays.copyOfRange(sources.get(file).uint8(), index * gray.length, (index + 1) * gray.length);
        assertArrayEquals(expected, gray, t.get("figure_id").asText() + " panel " + p.get("panel").asText() + " vs " + src);
        String hit = probePixels.get(file).get(sha256(gray));
        assertNull(hit, t.get("figure_id").asText() + " panel " + p.get("panel").asText() + " is " + file + " " + hit);
        checked++;
      }
    }
    assertTrue(checked >= 100, checked + " MedMNIST panels checked");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
