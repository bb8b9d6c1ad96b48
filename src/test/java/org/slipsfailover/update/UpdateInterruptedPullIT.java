package org.slipsfailover.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.install.PushedVersions;
import org.slipsfailover.install.ThrottledProxy;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.testing.SmallJvm;

/**
 * Ctrl-C during update's pull changes nothing, against the real engine and Debian's registry: the
 * new image's large layer is held half-way by the relay ({@link ThrottledProxy#hold}) until the
 * test lets it go, the update is interrupted there (as the JVM's shutdown interrupts the CLI's main
 * thread), and then: the engine has given up the download (it closed the held connection: without
 * that it would finish the pull later and move the tag), the pin file is byte for byte the same,
 * the running container is the same (id and start time), and the engine has neither the new image
 * nor the configured tag.
 */
class UpdateInterruptedPullIT {
  private static final Duration LIMIT = Duration.ofMinutes(3);

  @TempDir Path tmp;
  private final DockerCli docker = DockerCli.local();
  private final String container =
      "slips-update-int-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void ctrlCDuringThePullChangesNothing() throws Exception {
    try (PushedVersions versions = new PushedVersions(tmp.resolve("versions"));
        ThrottledProxy relay = new ThrottledProxy(versions.registry.port(), Long.MAX_VALUE)) {
      String repo = versions.repository.substring(versions.registry.host().length() + 1);
      String viaRelay = relay.host() + "/" + repo;
      String image = viaRelay + ":latest";
      try {
        versions.pushNext();
        // What Slips runs, pulled by digest through the relay as the install does.
        String running = viaRelay + "@" + versions.digest(0).split("@")[1];
        docker.run("pull", running);
        // The new release: a large layer, not in the engine before the update.
        versions.pushNext(24);
        docker.run("image", "rm", "-f", versions.id(1));
        List<String> layers = versions.registry.layerDigests(repo, "latest");
        assertThat(layers).hasSize(1);
        relay.hold(layers.get(0));

        docker.run("run", "-d", "--name", container, "--network", "none", running);
        String startedBefore = docker.inspect(container, "{{.Id}} {{.State.StartedAt}}");
        ImagePinFile pins =
            new ImagePinFile(
                tmp.resolve("image.pin"), (Integer) Files.getAttribute(tmp, "unix:uid"));
        pins.write(ImagePin.first(image, running, Instant.now()));
        byte[] pinBefore = Files.readAllBytes(pins.path());
        Process update =
            new ProcessBuilder(SmallJvm.argv(UpdateProcess.class, pins.path().toString(), image))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("update.out").toFile())
                .start();
        try {
          Poll.within(LIMIT)
              .alias("the pull reaches the held layer")
              .until(() -> relay.heldAnswers() == 1 || !update.isAlive());
          assertThat(update.isAlive()).as(Files.readString(tmp.resolve("update.out"))).isTrue();
          // Ctrl-C
          new ProcessBuilder("kill", "-INT", Long.toString(update.pid())).start().waitFor();
          assertThat(update.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
          assertThat(update.exitValue()).isNotZero();
          // Still held: whatever is seen now is the interrupted update's doing, not a pull
          // that ended since.
          String out = Files.readString(tmp.resolve("update.out"));
          assertThat(out).contains("check  room: ").doesNotContain("pulled ", "swap");
          assertThat(Files.readAllBytes(pins.path())).as("the pin").isEqualTo(pinBefore);
          assertThat(docker.inspect(container, "{{.Id}} {{.State.StartedAt}}"))
              .as("the running container")
              .isEqualTo(startedBefore);
          assertThat(docker.inspect(container, "{{.State.Running}}")).isEqualTo("true");
          assertThat(imageHere(image)).as("the configured tag").isFalse();
          assertThat(imageHere(versions.id(1))).as("the new image").isFalse();
        } finally {
          update.destroyForcibly();
          relay.release();
        }
      } finally {
        docker.quietly("rm", "-f", container);
        docker.quietly("image", "rm", "-f", image);
        for (String tag : docker.run("image", "ls", "-q", viaRelay).split("\\s+")) {
          if (!tag.isBlank()) {
            docker.quietly("image", "rm", "-f", tag);
          }
        }
      }
    }
  }

  private static boolean imageHere(String image) {
    return DockerCli.exec(List.of("docker", "image", "inspect", "-f", "{{.Id}}", image), false)
        .strip()
        .startsWith("sha256:");
  }
}
