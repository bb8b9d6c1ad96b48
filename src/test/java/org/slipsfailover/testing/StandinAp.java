package org.slipsfailover.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutTiming;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;

/**
 * The stand-in create_ap ({@code src/test/resources/standin/create_ap}) serving a random interface
 * pair, with its state folders in a private folder, so the real {@link ProcAccessPoints} finds
 * and cuts it and nothing else. It records each signal it gets, with the time, in a file.
 */
public final class StandinAp implements AutoCloseable {
  public final InterfacePair pair;
  public final Path stateFolders;
  private final Path signalLog;
  private final Process process;

  private StandinAp(InterfacePair pair, Path stateFolders, Path signalLog, Process process) {
    this.pair = pair;
    this.stateFolders = stateFolders;
    this.signalLog = signalLog;
    this.process = process;
  }

  /** Starts it in {@code dir} and waits until it is fully up. */
  public static StandinAp start(Path dir) throws IOException, InterruptedException {
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    return start(dir, new InterfacePair("wl" + suffix, "et" + suffix));
  }

  /**
   * Starts it for {@code pair} in {@code dir}, which may have served an earlier one (its owner
   * starting the access point again), and waits until it is fully up.
   */
  public static StandinAp start(Path dir, InterfacePair pair) throws IOException, InterruptedException {
    Path script = dir.resolve("bin/create_ap");
    Path stateFolders = Files.createDirectories(dir.resolve("ap-state"));
    Files.createDirectories(script.getParent());
    try {
      Files.copy(Path.of(StandinAp.class.getResource("/standin/create_ap").toURI()), script,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path signalLog = dir.resolve("ap-signals.log");
    ProcessBuilder builder =
        new ProcessBuilder(script.toString(), pair.wifi(), pair.eth(), "standin", "standinpass")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ap-output.log").toFile()));
    builder.environment().put("STANDIN_TMPDIR", stateFolders.toString());
    builder.environment().put("STANDIN_SIGNAL_LOG", signalLog.toString());
    StandinAp ap = new StandinAp(pair, stateFolders, signalLog, builder.start());
    ap.awaitUp();
    return ap;
  }

  /** The real access-point code, looking only at this stand-in's state folders. */
  public AccessPoints accessPoints() {
    return new ProcAccessPoints(HostRoot.live(), stateFolders, new ProcessCommands(), CutTiming.defaults());
  }

  private void awaitUp() throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      try (Stream<Path> folders = Files.list(stateFolders)) {
        if (folders.anyMatch(f -> Files.exists(f.resolve("hostapd.pid")))) {
          return;
        }
      } catch (IOException e) {
        // not there yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("stand-in create_ap did not come up");
  }

  /** The first signal it got (INT, USR1, TERM), waiting up to {@code timeout} for one. */
  public Optional<String> awaitSignal(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      List<String> lines = signalLines();
      Optional<String> signal =
          lines.stream().map(l -> l.split(" ")[0]).filter(s -> !s.equals("CLEANUP")).findFirst();
      if (signal.isPresent()) {
        return signal;
      }
      Thread.sleep(10);
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }

  private List<String> signalLines() {
    try {
      return Files.exists(signalLog) ? Files.readAllLines(signalLog) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
