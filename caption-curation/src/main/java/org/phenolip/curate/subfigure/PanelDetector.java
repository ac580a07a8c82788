package org.phenolip.curate.subfigure;

import java.awt.image.BufferedImage;
import java.util.List;

/** Finds the panels of a (possibly compound) figure; one box covering the figure means one panel. */
public interface PanelDetector {
  /** Boxes in reading order (rows top to bottom, left to right in a row). Never empty. */
  List<Box> detect(BufferedImage image);

  /** A short name for manifests and provenance. */
  String name();
}
