package org.slipsfailover.cli;

import java.util.function.Supplier;
import org.slipsfailover.docker.SlipsEngine;

/**
 * The one Docker engine client of this process: made the first time a command needs it (never for
 * {@code --help}, {@code --root} or a dry run that does not ask), and closed by {@link
 * CommandFactory#close()}.
 */
final class OwnedEngine implements Supplier<SlipsEngine>, AutoCloseable {
  private final Supplier<? extends SlipsEngine> make;
  private SlipsEngine engine;

  OwnedEngine(Supplier<? extends SlipsEngine> make) {
    this.make = make;
  }

  @Override
  public synchronized SlipsEngine get() {
    if (engine == null) {
      engine = make.get();
    }
    return engine;
  }

  @Override
  public synchronized void close() {
    try {
      if (engine instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("closing the Docker engine's client: " + e.getMessage(), e);
    } finally {
      engine = null;
    }
  }
}
