package org.phenolip.model.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SymbolBlock;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;

/** Loads a TorchScript module through the PyTorch engine (the one place that knows its JNI). */
public final class TorchScript {
  private TorchScript() {}

  /**
   * The module in {@code file}, mapped to {@code manager}'s device, its parameters taking
   * gradients when {@code trainable}.
   *
   * @throws IllegalArgumentException when {@code manager} is not a PyTorch-engine manager
   * @throws RuntimeException what the engine throws for a file it cannot load
   */
  public static SymbolBlock load(NDManager manager, Path file, boolean trainable) {
    if (!(manager instanceof PtNDManager pt)) {
      throw new IllegalArgumentException("TorchScript towers need the PyTorch engine, got "
          + manager.getEngine().getEngineName());
    }
    return JniUtils.loadModule(pt, file, true, new String[0], new String[0], trainable);
  }

  /**
   * A module with nothing loaded yet, to be filled by {@code loadParameters} from a stream that
   * {@code saveParameters} wrote (a saved model's TorchScript tower).
   */
  public static SymbolBlock unloaded(NDManager manager) {
    if (!(manager instanceof PtNDManager pt)) {
      throw new IllegalArgumentException("TorchScript towers need the PyTorch engine, got "
          + manager.getEngine().getEngineName());
    }
    return new PtSymbolBlock(pt);
  }

  /** Writes {@code module} with its current parameter values as a TorchScript file (libtorch's own writer). */
  public static void save(SymbolBlock module, java.io.OutputStream out) {
    if (!(module instanceof PtSymbolBlock pt)) {
      throw new IllegalArgumentException("not a PyTorch TorchScript module: " + module.getClass().getName());
    }
    JniUtils.writeModule(pt, out, false);
  }
}
