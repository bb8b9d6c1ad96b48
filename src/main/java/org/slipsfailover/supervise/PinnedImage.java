package org.slipsfailover.supervise;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;

/**
 * Which image each start of Slips uses, and an update's trial.
 *
 * <p>The runner starts the pinned digest ({@link ImagePin}) while the install still names the image
 * it was pinned for, never the tag: what the tag points to may have moved since (someone pulled),
 * and only {@code update} or an install with a new image may switch versions. Without a pin (an
 * install from before pins) it starts the configured image as it is.
 *
 * <p>A digest on trial ({@code update} pinned it, it has not protected yet) that fails before it
 * protects is rolled back: the previous digest is pinned again, and the runner's next start, at
 * once and with the access point up, runs it (the gate closed until it protects, as at every
 * start). The pin records the failed digest and why, for {@code update} to tell.
 */
final class PinnedImage {
  private static final Logger log = LoggerFactory.getLogger(PinnedImage.class);

  private final ImagePinFile pins;
  private final Clock wallClock;

  /** The pin of the start under way while its digest is on trial; null otherwise. */
  private ImagePin trial;

  PinnedImage(ImagePinFile pins, Clock wallClock) {
    this.pins = pins;
    this.wallClock = wallClock;
  }

  /** The container to start now; says which digest, and whether it is on trial. */
  ContainerSpec forStart(ContainerSpec configured) {
    trial = null;
    Optional<ImagePin> pin = pinFor(configured);
    if (pin.isEmpty()) {
      return configured;
    }
    if (pin.get().trial() && pin.get().previous().isPresent()) {
      trial = pin.get();
      log.info(
          "Update: trying {} (for {}); if it does not protect within the start limit, {} is"
              + " started again, the access point left up",
          pin.get().digest(),
          pin.get().image(),
          pin.get().previous().get());
    } else {
      log.info("Image {} pinned as {}", pin.get().image(), pin.get().digest());
    }
    return configured.withImage(pin.get().digest());
  }

  /** The container the runner would start, without a word (for the pull before READY). */
  ContainerSpec peek(ContainerSpec configured) {
    return pinFor(configured).map(p -> configured.withImage(p.digest())).orElse(configured);
  }

  boolean onTrial() {
    return trial != null;
  }

  /** Slips protects: a digest on trial has passed it and stays pinned. */
  void protecting() {
    if (trial == null) {
      return;
    }
    ImagePin passed = trial.protectedAt(wallClock.instant());
    trial = null;
    if (write(passed)) {
      log.info(
          "Update: {} protects and stays pinned; {} is kept for a rollback",
          passed.digest(),
          passed.previous().orElse("nothing"));
    }
  }

  /** The digest on trial did not protect ({@code why}): the previous one is pinned again. */
  void rollBack(String why) {
    ImagePin failed = trial;
    trial = null;
    ImagePin back = failed.rollBack(why, wallClock.instant());
    if (write(back)) {
      log.error(
          "Update: {} did not protect: rolling back to {} (the access point stays up, the gate"
              + " closed until it protects)",
          failed.digest(),
          back.digest());
    }
  }

  private Optional<ImagePin> pinFor(ContainerSpec configured) {
    Optional<ImagePin> pin = pins.read();
    if (pin.isPresent() && !pin.get().image().equals(configured.image())) {
      log.warn(
          "The pinned digest is for {}, not for the configured {}: starting {} as it is (the"
              + " install pins it)",
          pin.get().image(),
          configured.image(),
          configured.image());
      return Optional.empty();
    }
    return pin;
  }

  private boolean write(ImagePin pin) {
    try {
      pins.write(pin);
      return true;
    } catch (UncheckedIOException e) {
      // Failing closed does not depend on it: a trial left pinned fails and is rolled back again.
      log.error("Could not write the image pin: {}", e.getMessage());
      return false;
    }
  }
}
