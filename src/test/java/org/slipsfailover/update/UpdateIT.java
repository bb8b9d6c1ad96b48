package org.slipsfailover.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.DockerJavaImages;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.Pause;
import org.slipsfailover.install.PushedVersions;

/**
 * update against the real engine and Debian's registry on loopback: {@code --check} asks the
 * registry through the engine and pulls nothing, the pull and the digests are the engine's, the
 * older image is removed from the engine, a failed pull changes nothing. The runner is played by
 * the test behind {@link RunnerSwap} (it protects at once); the runner's own part is {@code
 * PinnedImageRunnerTest}'s and the smoke test's.
 */
class UpdateIT {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static PushedVersions versions;
  static final DockerCli docker = DockerCli.local();

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final List<String> swaps = new ArrayList<>();
  private final String container =
      "slips-update-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void removeContainer() {
    docker.quietly("rm", "-f", container);
  }

  @BeforeAll
  static void twoVersionsAndOnlyTheFirstHere() throws Exception {
    versions = new PushedVersions(shared);
    versions.pushNext();
    versions.pushNext();
    // The engine has version 1 (what Slips runs), untagged as after a pull by digest; not 2.
    docker.run("image", "rm", "-f", versions.id(1));
    assertThat(imageHere(versions.digest(0))).isTrue();
    assertThat(imageHere(versions.digest(1))).isFalse();
  }

  @AfterAll
  static void removeVersions() throws Exception {
    if (versions != null) {
      versions.close();
    }
  }

  private static boolean imageHere(String image) {
    return !DockerCli.exec(List.of("docker", "image", "ls", "-q", image), true).isBlank();
  }

  private String out() {
    return output.toString();
  }

  @Test
  void checkPullSwapNothingNewRollbackAndAFailedPull() throws Exception {
    ImagePinFile pins =
        new ImagePinFile(tmp.resolve("image.pin"), (Integer) Files.getAttribute(tmp, "unix:uid"));
    // Slips runs version 1 (a container that sleeps): the swap is for a running Slips.
    docker.run("run", "-d", "--name", container, "--network", "none", versions.digest(0));
    pins.write(ImagePin.first(versions.tag, versions.digest(0), Instant.now()));
    Settings settings =
        new Settings(
            new InterfacePair("wlan0", "eth0"),
            versions.tag,
            container,
            false,
            "64m",
            512,
            "16m",
            tmp,
            false);
    RunnerSwap runner =
        new RunnerSwap() {
          @Override
          public boolean serviceRuns() {
            return true;
          }

          @Override
          public void handOverAndRestart() {
            ImagePin trial = pins.read().orElseThrow();
            swaps.add(trial.digest());
            pins.write(trial.protectedAt(Instant.now()));
          }
        };
    try (DockerJavaEngine engine = new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST);
        DockerJavaImages images = new DockerJavaImages(DockerJavaEngine.DEFAULT_HOST)) {
      Updater updater =
          new Updater(
              new UpdateParts(
                  settings,
                  engine,
                  images,
                  pins,
                  runner,
                  Disk.real(),
                  new PrintStream(output, true),
                  false,
                  Clock.systemUTC(),
                  Pause.real(),
                  Duration.ofMillis(100),
                  Duration.ofSeconds(30)));

      assertThat(updater.check()).isEqualTo(ExitCode.OK);
      assertThat(out())
          .contains("A newer image exists: " + versions.tag + " is " + versions.digest(1));
      assertThat(imageHere(versions.digest(1))).as("--check pulls nothing").isFalse();

      output.reset();
      assertThat(updater.update()).as(out()).isEqualTo(ExitCode.OK);
      assertThat(out())
          .containsPattern("check  room: \\d+ MB free in /var/lib/docker, about \\d+ MB needed")
          .contains("pulled " + versions.tag)
          .contains("Updated: " + versions.tag + " runs " + versions.digest(1));
      assertThat(swaps).containsExactly(versions.digest(1));
      assertThat(pins.read().orElseThrow().previous()).contains(versions.digest(0));

      output.reset();
      assertThat(updater.update()).as(out()).isEqualTo(ExitCode.OK);
      assertThat(out()).contains("Up to date: " + versions.tag + " is " + versions.digest(1));
      assertThat(swaps).as("nothing new: no swap").hasSize(1);

      output.reset();
      assertThat(updater.rollback()).as(out()).isEqualTo(ExitCode.OK);
      assertThat(swaps).containsExactly(versions.digest(1), versions.digest(0));
      assertThat(pins.read().orElseThrow().digest()).isEqualTo(versions.digest(0));

      output.reset();
      byte[] before = Files.readAllBytes(pins.path());
      versions.registry.kill();
      try {
        assertThat(updater.update()).as(out()).isEqualTo(ExitCode.FAILED);
        assertThat(updater.check()).as(out()).isEqualTo(ExitCode.FAILED);
      } finally {
        versions.registry.start();
      }
      assertThat(out()).contains("cannot pull " + versions.tag, "nothing changed");
      assertThat(out()).contains("cannot ask the registry: ");
      assertThat(Files.readAllBytes(pins.path())).isEqualTo(before);
      assertThat(swaps).hasSize(2);
    }
  }
}
