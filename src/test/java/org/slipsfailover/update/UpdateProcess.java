package org.slipsfailover.update;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.DockerJavaImages;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.Pause;

/**
 * update's pull and checks in a process of its own, with the real engine, so that a test can
 * interrupt it as an owner's Ctrl-C does (SIGINT to the JVM). Its runner is absent: a swap fails.
 *
 * <p>Usage: {@code UpdateProcess PIN-FILE IMAGE}; prints as the CLI does; exits with update's code.
 */
public final class UpdateProcess {
  private UpdateProcess() {}

  public static void main(String[] args) throws Exception {
    Path pin = Path.of(args[0]);
    Settings settings =
        new Settings(
            new InterfacePair("wlan0", "eth0"),
            args[1],
            "slips-update-unused",
            false,
            "64m",
            512,
            "16m",
            pin.getParent(),
            false);
    int code;
    try (DockerJavaEngine engine = new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST);
        DockerJavaImages images = new DockerJavaImages(DockerJavaEngine.DEFAULT_HOST)) {
      code =
          new Updater(
                  parts(
                      settings,
                      engine,
                      images,
                      new ImagePinFile(pin, 0),
                      new PrintStream(System.out, true)))
              .update()
              .number();
    }
    System.exit(code);
  }

  /** update's parts with the real disk, no runner, plain lines and a 30 s verdict limit. */
  static UpdateParts parts(
      Settings settings,
      DockerJavaEngine engine,
      DockerJavaImages images,
      ImagePinFile pins,
      PrintStream out) {
    return new UpdateParts(
        settings,
        engine,
        images,
        pins,
        new NoRunner(),
        Disk.real(),
        out,
        false,
        Clock.systemUTC(),
        Pause.real(),
        Duration.ofMillis(100),
        Duration.ofSeconds(30));
  }

  /** No slips.service: a swap would fail (these tests never get that far). */
  static final class NoRunner implements RunnerSwap {
    @Override
    public boolean serviceRuns() {
      return false;
    }

    @Override
    public void handOverAndRestart() {
      throw new IllegalStateException("no runner in this test");
    }
  }
}
