package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.DockerJavaImages;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.MonotonicClock;
import org.slipsfailover.host.Pause;
import org.slipsfailover.install.PushedVersions;

/**
 * The pinned image against the real engine and Debian's registry on loopback: the install pinned
 * version 1 of {@code :latest}; then {@code latest} moved to version 2 in the registry, and someone
 * pulled it, so that the engine's {@code latest} is version 2. The runner's start (as after a
 * reboot or a restart) still starts version 1, by digest. The access point and the probe are the
 * fixture's fakes: what matters here is which image the real engine runs.
 */
class PinnedStartIT extends RunnerFixture {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static PushedVersions versions;
  static final DockerCli docker = DockerCli.local();
  final String name = "slips-pinned-" + UUID.randomUUID().toString().substring(0, 8);
  private DockerJavaEngine real;

  @BeforeAll
  static void latestMoved() throws Exception {
    versions = new PushedVersions(shared);
    versions.pushNext();
    versions.pushNext(); // latest moved; the engine's latest is version 2 too
  }

  @AfterAll
  static void removeVersions() throws Exception {
    if (versions != null) {
      versions.close();
    }
  }

  @AfterEach
  void removeContainer() {
    docker.quietly("rm", "-f", name);
    if (real != null) {
      real.close();
    }
  }

  @Test
  void aStartAfterLatestMovedStartsThePinnedDigest() throws Exception {
    String pinned = versions.digest(0);
    try (DockerJavaImages images = new DockerJavaImages(DockerJavaEngine.DEFAULT_HOST)) {
      assertThat(images.localDigest(versions.tag))
          .as("latest moved here")
          .contains(versions.digest(1));
      assertThat(images.registryDigest(versions.tag)).as("and there").isEqualTo(versions.digest(1));
      assertThat(images.localDigest(pinned)).contains(pinned);
    }
    ImagePinFile pins =
        new ImagePinFile(tmp.resolve("image.pin"), (Integer) Files.getAttribute(tmp, "unix:uid"));
    pins.write(ImagePin.first(versions.tag, pinned, Instant.now()));
    Files.createDirectories(tmp.resolve("slips"));
    Settings settings =
        new Settings(
            new InterfacePair("wlan0", "eth0"),
            versions.tag,
            name,
            false,
            "64m",
            512,
            "16m",
            tmp.resolve("slips"),
            false);
    real = new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST);
    Runner runner =
        new Runner(
            new RunnerParts(
                settings,
                real,
                accessPoints,
                () -> new RulesSaver.Saved(true, "saved"),
                ServiceManager.none(),
                Duration.ofSeconds(1),
                MonotonicClock.INSTANCE,
                Clock.systemUTC(),
                DaemonLiveness.DEFAULT,
                probe,
                ProbeTimings.DEFAULT,
                Pause.real(),
                GateHold.none(),
                HandOver.none(),
                ProtectionEvents.none(),
                pins));

    runUntil(
        runner,
        "the container runs",
        Duration.ofSeconds(60),
        () -> docker.run("ps", "-q", "--filter", "name=^" + name + "$").strip().length() > 0);

    assertThat(docker.inspect(name, "{{.Config.Image}}")).isEqualTo(pinned);
    assertThat(docker.inspect(name, "{{.Image}}"))
        .as("version 1's image, not latest's")
        .isEqualTo(versions.id(0))
        .isNotEqualTo(versions.id(1));
  }
}
