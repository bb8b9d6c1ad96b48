package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerEnd.Reason;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;

/**
 * The runner and the pinned image: it starts the digest, never the tag; an update's digest on trial
 * that protects stays, one that fails before it protects is rolled back to the previous digest with
 * the access point left up (the gate closed), and started at once.
 */
class PinnedImageRunnerTest extends RunnerFixture {
  private static final String OLD = "stratosphereips/slips@sha256:" + "a".repeat(64);
  private static final String NEW = "stratosphereips/slips@sha256:" + "b".repeat(64);

  @TempDir Path tmp;
  private Settings settings;
  private ImagePinFile pins;

  @BeforeEach
  void pinFile() throws Exception {
    settings = TestSettings.defaults(tmp.resolve("slips"));
    Files.createDirectories(tmp.resolve("slips"));
    pins =
        new ImagePinFile(tmp.resolve("image.pin"), (Integer) Files.getAttribute(tmp, "unix:uid"));
  }

  private Runner runner() {
    return runner(HandOver.none());
  }

  private Runner runner(HandOver handOver) {
    RunnerPartsBuilder parts = parts(settings);
    parts.pins = pins;
    parts.gate = new RecordingGate(events);
    parts.handOver = handOver;
    return parts.runner();
  }

  @Test
  void thePinnedDigestIsStartedNotTheTag() throws Exception {
    pins.write(ImagePin.first(settings.image(), OLD, clock.instant()));

    runUntil(runner(), "started", Duration.ofSeconds(5), () -> events.contains("gate renew"));

    assertThat(engine.started.image()).isEqualTo(OLD);
  }

  @Test
  void anUpdatesHandOverStopsTheOldImagesContainerGracefullyThenStartsTheNewDigest()
      throws Exception {
    pins.write(ImagePin.first(settings.image(), OLD, Instant.EPOCH).tryNext(NEW, Instant.EPOCH));
    engine.runningImage = OLD; // the previous runner left Slips of the old image running
    HandOver handOver = new HandOver(tmp.resolve("run/handover"), clock);
    handOver.mark();

    runUntil(
        runner(handOver), "started", Duration.ofSeconds(5), () -> events.contains("gate renew"));

    assertThat(events)
        .containsSubsequence("stop slips 30s", "remove slips", "start slips", "gate renew");
    assertThat(events.subList(0, events.indexOf("start slips")))
        .as("never cut")
        .noneMatch(e -> e.startsWith("cut"));
    assertThat(engine.started.image()).isEqualTo(NEW);
  }

  @Test
  void aPinForAnotherImageIsIgnoredAndTheConfiguredImageStarts() throws Exception {
    pins.write(ImagePin.first("someone/else:latest", OLD, clock.instant()));

    runUntil(runner(), "started", Duration.ofSeconds(5), () -> events.contains("gate renew"));

    assertThat(engine.started.image()).isEqualTo(settings.image());
  }

  @Test
  void aTrialThatProtectsStaysPinnedWithThePreviousKept() throws Exception {
    pins.write(ImagePin.first(settings.image(), OLD, Instant.EPOCH).tryNext(NEW, Instant.EPOCH));

    runUntil(
        runner(),
        "trial passed",
        Duration.ofSeconds(5),
        () -> pins.read().map(p -> !p.trial()).orElse(false));

    ImagePin pin = pins.read().orElseThrow();
    assertThat(pin.digest()).isEqualTo(NEW);
    assertThat(pin.previous()).contains(OLD);
    assertThat(pin.since()).as("when it protected").isAfter(Instant.EPOCH);
    assertThat(engine.started.image()).isEqualTo(NEW);
  }

  @Test
  void aTrialThatEndsBeforeProtectingIsRolledBackWithoutACutAndThePreviousStarts()
      throws Exception {
    pins.write(ImagePin.first(settings.image(), OLD, Instant.EPOCH).tryNext(NEW, Instant.EPOCH));
    AtomicInteger starts = secondContainerRunsOn(); // the second: the previous image
    probe.script =
        n -> {
          if (starts.get() == 1) {
            engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null));
            return ScriptedProbe.NO_ZEEK;
          }
          return ScriptedProbe.GOOD;
        };

    List<String> untilProtecting = new ArrayList<>();
    runUntil(
        runner(),
        "the previous protects",
        Duration.ofSeconds(5),
        () -> {
          if (starts.get() == 2 && events.contains("gate renew")) {
            untilProtecting.addAll(events); // before the test's stop request, which cuts
            return true;
          }
          return false;
        });

    assertThat(untilProtecting)
        .as("the access point is never cut")
        .noneMatch(e -> e.startsWith("cut"));
    assertThat(untilProtecting.subList(0, untilProtecting.indexOf("gate renew")))
        .as("closed before the new start, opened only once the previous protects")
        .contains("gate revoke");
    assertThat(engine.started.image()).isEqualTo(OLD);
    ImagePin pin = pins.read().orElseThrow();
    assertThat(pin.digest()).isEqualTo(OLD);
    assertThat(pin.trial()).isFalse();
    assertThat(pin.previous()).isEmpty();
    assertThat(pin.rolledBack()).hasValueSatisfying(r -> assertThat(r).startsWith(NEW + ": "));
  }

  @Test
  void withoutATrialAFailureBeforeProtectingStillCuts() throws Exception {
    pins.write(ImagePin.first(settings.image(), OLD, Instant.EPOCH));
    probe.script =
        n -> {
          engine.end.complete(new ContainerEnd(Reason.EXITED, 1, null));
          return ScriptedProbe.NO_ZEEK;
        };

    runUntil(
        runner(),
        "cut",
        Duration.ofSeconds(5),
        () -> events.stream().anyMatch(e -> e.startsWith("cut")));

    assertThat(pins.read()).map(ImagePin::digest).isEqualTo(Optional.of(OLD));
  }
}
