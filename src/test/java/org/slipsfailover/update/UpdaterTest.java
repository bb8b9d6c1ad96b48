package org.slipsfailover.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.FakeImages;
import org.slipsfailover.docker.PullOnlyEngine;
import org.slipsfailover.docker.PullProgress;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.testing.MutableClock;

/**
 * update's decisions against fakes: the engine's images, the pull, and a runner (behind {@link
 * RunnerSwap}) that judges the digest on trial as the test says. The real swap is the runner's
 * ({@code PinnedImageRunnerTest}); the real engine and registry are {@code UpdateIT}'s.
 */
class UpdaterTest {
  private static final String Z = "stratosphereips/slips@sha256:" + "0".repeat(64);
  private static final String A = "stratosphereips/slips@sha256:" + "a".repeat(64);
  private static final String B = "stratosphereips/slips@sha256:" + "b".repeat(64);
  private static final long GB = 1L << 30;

  @TempDir Path tmp;
  private Settings settings;
  private ImagePinFile pins;
  private final FakeImages images = new FakeImages();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:00:00Z"));
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final List<String> pulls = new ArrayList<>();
  private final List<String> swaps = new ArrayList<>();
  private long freeBytes = 20 * GB;
  private boolean serviceRuns = true;

  /** What the pull does: by default the tag moves to B. */
  private Runnable onPull = () -> images.local.put(settings.image(), B);

  /** What the runner does with the digest on trial: by default it protects 30 s later. */
  private Consumer<ImagePin> runner =
      trial -> pins.write(trial.protectedAt(clock.instant().plusSeconds(30)));

  @BeforeEach
  void pinned() throws Exception {
    settings = TestSettings.defaults(tmp);
    pins =
        new ImagePinFile(tmp.resolve("image.pin"), (Integer) Files.getAttribute(tmp, "unix:uid"));
    pins.write(
        new ImagePin(settings.image(), A, Instant.EPOCH, Optional.of(Z), false, Optional.empty()));
    images.local.put(settings.image(), A);
    images.sizes.put(A, 5 * GB);
  }

  private Updater updater() {
    RunnerSwap swap =
        new RunnerSwap() {
          @Override
          public boolean serviceRuns() {
            return serviceRuns;
          }

          @Override
          public void handOverAndRestart() {
            ImagePin trial = pins.read().orElseThrow();
            swaps.add(trial.digest());
            runner.accept(trial);
          }
        };
    return new Updater(
        new UpdateParts(
            settings,
            new PullingEngine(),
            images,
            pins,
            swap,
            folder -> freeBytes,
            new PrintStream(output, true),
            false,
            clock,
            (length, early) -> clock.advance(length),
            Duration.ofSeconds(1),
            Duration.ofMinutes(5)));
  }

  private String out() {
    return output.toString();
  }

  @Test
  void theSameDigestSaysSoAndTouchesNothing() throws Exception {
    onPull = () -> {};
    byte[] before = Files.readAllBytes(pins.path());

    assertThat(updater().update()).isEqualTo(ExitCode.OK);

    assertThat(pulls).containsExactly(settings.image());
    assertThat(swaps).isEmpty();
    assertThat(Files.readAllBytes(pins.path())).isEqualTo(before);
    assertThat(out()).contains("Up to date: " + settings.image() + " is " + A);
    assertThat(images.removed).isEmpty();
  }

  @Test
  void aNewDigestIsSwappedToAndTheGatesClosedTimeIsPrinted() {
    assertThat(updater().update()).as(out()).isEqualTo(ExitCode.OK);

    assertThat(swaps).containsExactly(B);
    ImagePin pin = pins.read().orElseThrow();
    assertThat(pin.digest()).isEqualTo(B);
    assertThat(pin.previous()).as("kept for update --rollback").contains(A);
    assertThat(pin.trial()).isFalse();
    assertThat(out())
        .contains("check  room: 20480 MB free in /var/lib/docker, about 5120 MB needed")
        .contains("the gate was closed 30.0 s")
        .contains("Updated: " + settings.image() + " runs " + B);
    assertThat(images.removed).as("only the one before the previous").containsExactly(Z);
  }

  @Test
  void aNewDigestThatDoesNotProtectIsRolledBackAndExitsNonZeroWithOneLine() {
    runner =
        trial -> pins.write(trial.rollBack("Slips container exited with code 1", clock.instant()));

    assertThat(updater().update()).isEqualTo(ExitCode.FAILED);

    assertThat(pins.read().orElseThrow().digest()).isEqualTo(A);
    assertThat(out().lines().filter(l -> l.startsWith("Rolled back")))
        .containsExactly("Rolled back to " + A + ": " + B + ": Slips container exited with code 1");
    assertThat(images.removed).as("nothing removed while the new one never protected").isEmpty();
  }

  @Test
  void aFailedPullChangesNothing() throws Exception {
    onPull =
        () -> {
          throw new EngineException("pull of x failed: connection reset", null);
        };
    byte[] before = Files.readAllBytes(pins.path());

    assertThat(updater().update()).isEqualTo(ExitCode.FAILED);

    assertThat(swaps).isEmpty();
    assertThat(Files.readAllBytes(pins.path())).isEqualTo(before);
    assertThat(out()).contains("cannot pull " + settings.image()).contains("nothing changed");
  }

  @Test
  void tooLittleRoomIsRefusedBeforePullingAndSaysHowMuchIsNeeded() {
    freeBytes = 1 * GB;

    assertThat(updater().update()).isEqualTo(ExitCode.FAILED);

    assertThat(pulls).isEmpty();
    assertThat(swaps).isEmpty();
    assertThat(out())
        .contains(
            "not enough room in /var/lib/docker for the new image: about 5120 MB needed (the size"
                + " of the current one), 1024 MB free");
  }

  @Test
  void aRunnerThatDoesNotSayWithinTheLimitIsAFailure() {
    runner = trial -> {};

    assertThat(updater().update()).isEqualTo(ExitCode.FAILED);

    assertThat(out()).contains("nor been rolled back within 300 s");
  }

  @Test
  void aFailedRestartPutsThePinBack() {
    runner =
        trial -> {
          throw new IllegalStateException("systemctl restart slips.service failed: exit 1");
        };

    assertThat(updater().update()).isEqualTo(ExitCode.FAILED);

    assertThat(pins.read().orElseThrow().digest()).isEqualTo(A);
    assertThat(pins.read().orElseThrow().trial()).isFalse();
  }

  @Test
  void withSlipsNotRunningTheNewDigestIsPinnedOnTrialForItsNextStart() {
    serviceRuns = false;

    assertThat(updater().update()).isEqualTo(ExitCode.OK);

    assertThat(swaps).isEmpty();
    assertThat(pins.read().orElseThrow().digest()).isEqualTo(B);
    assertThat(pins.read().orElseThrow().trial()).isTrue();
  }

  @Test
  void checkSaysWhetherTheRegistryHasANewerImageWithoutPulling() {
    images.registry.put(settings.image(), B);
    assertThat(updater().check()).isEqualTo(ExitCode.OK);
    assertThat(out()).contains("A newer image exists: " + settings.image() + " is " + B);

    output.reset();
    images.registry.put(
        settings.image(), "docker.io/stratosphereips/slips@sha256:" + "a".repeat(64));
    assertThat(updater().check()).isEqualTo(ExitCode.OK);
    assertThat(out()).startsWith("Up to date: ");

    assertThat(pulls).isEmpty();
    assertThat(swaps).isEmpty();
  }

  @Test
  void rollbackSwapsToThePreviousAndRefusesWithoutOne() throws Exception {
    assertThat(updater().rollback()).isEqualTo(ExitCode.OK);
    assertThat(swaps).containsExactly(Z);
    assertThat(pins.read().orElseThrow().previous()).contains(A);

    pins.write(ImagePin.first(settings.image(), A, Instant.EPOCH));
    assertThat(updater().rollback()).isEqualTo(ExitCode.FAILED);
    assertThat(out()).contains("no previous image is kept");
    assertThat(pulls).isEmpty();
  }

  @Test
  void withoutAPinForTheInstalledImageNothingIsDone() {
    pins.write(ImagePin.first("other/image:1", A, Instant.EPOCH));

    assertThat(updater().update()).isEqualTo(ExitCode.FAILED);

    assertThat(pulls).isEmpty();
    assertThat(out()).contains("run  sudo slips-failover reinstall  first");
  }

  /** Pulls by running {@link #onPull}; its container runs the pinned digest. */
  private final class PullingEngine extends PullOnlyEngine {
    PullingEngine() {
      super("update");
    }

    @Override
    public boolean imagePresent(String image) {
      return true;
    }

    @Override
    public void pull(String image, Consumer<PullProgress> progress) {
      pulls.add(image);
      onPull.run();
    }

    @Override
    public void ping() {}

    @Override
    public Optional<ContainerState> inspect(String name) {
      ImagePin pin = pins.read().orElseThrow();
      return Optional.of(
          new ContainerState(
              name,
              true,
              pin.digest(),
              Optional.of(clock.instant()),
              Optional.empty(),
              0,
              false,
              42));
    }
  }
}
