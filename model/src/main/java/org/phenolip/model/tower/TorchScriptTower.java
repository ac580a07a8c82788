package org.phenolip.model.tower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.phenolip.model.engine.TorchScript;

/**
 * A vision or text tower from a TorchScript export (for example BiomedCLIP's, made with
 * {@code training-job/scripts/export_torchscript.py}) as a trainable DJL block. Its TorchScript
 * parameters are exposed through {@link #getParameters()} with gradients on, so DJL optimizers
 * update them in place. A vision export takes (B,3,S,S) and returns (B, W); a text export takes
 * ids (B,L) int64 and mask (B,L) int64 and returns (B, W). Use it inside
 * {@link PhenolipModel#PhenolipModel(ModelConfig, ai.djl.nn.Block, ai.djl.nn.Block)}.
 */
public final class TorchScriptTower extends AbstractBlock {
  private final SymbolBlock module;
  private final int width;
  private final Path source;

  private TorchScriptTower(SymbolBlock module, int width, Path source) {
    this.module = addChildBlock("torchscript", module);
    this.width = width;
    this.source = source;
  }

  /**
   * @param file the TorchScript .pt file
   * @param manager a PyTorch-engine manager (its device is where the module is mapped)
   * @param width the tower's output width W (checked on every forward)
   * @param trainable whether the module's parameters take gradients
   */
  public static TorchScriptTower load(Path file, NDManager manager, int width, boolean trainable)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("TorchScript tower not found: " + file);
    }
    SymbolBlock block;
    try {
      block = TorchScript.load(manager, file, trainable);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException("cannot load TorchScript tower " + file + ": " + e.getMessage(), e);
    }
    if (!trainable) {
      block.freezeParameters(true);
    }
    return new TorchScriptTower(block, width, file);
  }

  /**
   * The tower a {@link TowerSpec} folder describes ({@code dir/tower.json} and its model file),
   * its parameters taking gradients when {@code trainable}.
   */
  public static TorchScriptTower load(Path dir, TowerSpec spec, NDManager manager, boolean trainable)
      throws IOException {
    return load(dir.resolve(spec.file()), manager, spec.outputDim(), trainable);
  }

  /**
   * A tower of width {@code width} whose module comes from {@code loadParameters} (the
   * TorchScript bytes inside a saved model's parameter file).
   */
  public static TorchScriptTower unloaded(NDManager manager, int width) {
    return new TorchScriptTower(TorchScript.unloaded(manager), width, null);
  }

  /**
   * Writes the module with its current (e.g. fine-tuned) parameters as a TorchScript file and
   * {@code spec} as {@code tower.json} into {@code dir}: a folder {@code --image-tower} or
   * {@code --text-tower} takes, and PyTorch's {@code torch.jit.load} reads.
   */
  public void export(Path dir, TowerSpec spec) throws IOException {
    if (spec.outputDim() != width) {
      throw new IllegalArgumentException("spec says output_dim " + spec.outputDim() + ", the tower has " + width);
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve(spec.file() + ".tmp");
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
      TorchScript.save(module, out);
    }
    Files.move(tmp, dir.resolve(spec.file()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    spec.write(dir);
  }

  public int width() {
    return width;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList in = inputs;
    if (inputs.size() == 2) { // text tower: TorchScript exports take int64 ids and mask
      in = new NDList(toLong(inputs.get(0)), toLong(inputs.get(1)));
    }
    NDArray out = module.forward(ps, in, training).get(0);
    if (!training && org.phenolip.model.engine.Autograd.gradMode()) {
      // DJL runs an eval-mode module under inference mode; its output cannot be saved for a
      // backward that later trainable ops (a head on a frozen tower) record: a copy can.
      out = out.duplicate();
    }
    Shape s = out.getShape();
    if (s.dimension() != 2 || s.get(1) != width) {
      throw new IllegalStateException("TorchScript tower " + source + " returned " + s
          + ", expected (B, " + width + ")");
    }
    return new NDList(out);
  }

  private static NDArray toLong(NDArray a) {
    return a.getDataType() == DataType.INT64 ? a : a.toType(DataType.INT64, false);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), width)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // the module's parameters come from the export
  }
}
