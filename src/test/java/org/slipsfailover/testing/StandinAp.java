package org.slipsfailover.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real process standing in for create_ap ({@code src/test/bench/standin-ap.sh}): it waits until
 * signalled and records the signal, with the time, in a file.
 */
public final class StandinAp implements AutoCloseable {
  private final Process process;
  private final Path signalFile;

  private StandinAp(Process process, Path signalFile) {
    this.process = process;
    this.signalFile = signalFile;
  }

  public static StandinAp start(Path signalFile) throws IOException {
    Path script = Path.of("src/test/bench/standin-ap.sh").toAbsolutePath();
    Process process =
        new ProcessBuilder("bash", script.toString(), signalFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new StandinAp(process, signalFile);
  }

  public long pid() {
    return process.pid();
  }

  /** The signal it received ("TERM", "INT", "USR1"), once it has exited; empty while it runs. */
  public Optional<String> awaitSignal(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(signalFile)) {
        try {
          String[] parts = Files.readString(signalFile).strip().split(" ");
          if (parts.length == 2) {
            return Optional.of(parts[1]);
          }
        } catch (IOException e) {
          // Being written: try again.
        }
      }
      Thread.sleep(10);
    }
    return Optional.empty();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
