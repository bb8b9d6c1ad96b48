package org.slipsfailover.update;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.install.ImagePull;

/**
 * {@code slips-failover update}: Slips kept current without an outage and never unprotected.
 *
 * <p>The pull, the long part, runs while the running Slips protects, and changes nothing when it
 * fails or is interrupted: the pin, which alone says what the runner starts, is written only after.
 * A new digest is then pinned "on trial" and handed to the runner ({@link RunnerSwap}): the gate
 * closes, the old container stops gracefully, the new one starts, the gate opens at its first good
 * probe, and the access point stays up throughout. A new image that does not protect within the
 * start limit is rolled back by the runner itself (the previous digest is kept until the new one
 * protected); this command only reads the pin to tell what happened.
 */
public final class Updater {
  private static final long MB = 1 << 20;

  /**
   * How long update waits for the runner's verdict: the old Slips' stop, then the new one's start
   * limit, with a minute for the runner's own restart.
   */
  public static final Duration VERDICT_LIMIT =
      ServiceTimings.CONTAINER_STOP_GRACE
          .plus(ProbeTimings.DEFAULT.protectWithin())
          .plusSeconds(60);

  private final UpdateParts parts;

  public Updater(UpdateParts parts) {
    this.parts = parts;
  }

  /** Pulls the configured image and swaps to it when its digest is new. */
  public ExitCode update() {
    String image = parts.settings().image();
    Optional<ImagePin> pinned = pin();
    if (pinned.isEmpty()) {
      return ExitCode.FAILED;
    }
    ImagePin pin = pinned.get();
    if (!enoughRoom(pin)) {
      return ExitCode.FAILED;
    }
    try {
      new ImagePull(parts.engine(), parts.out(), parts.terminal()).pullOrFail(image);
    } catch (EngineException e) {
      say("cannot pull " + image + ": " + e.getMessage());
      say("nothing changed: Slips runs " + pin.digest());
      return ExitCode.FAILED;
    }
    Optional<String> pulled = parts.images().localDigest(image);
    if (pulled.isEmpty()) {
      say("the engine has no registry digest for " + image + " after the pull; nothing changed");
      return ExitCode.FAILED;
    }
    if (sameImage(pulled.get(), pin.digest())) {
      say("Up to date: " + image + " is " + pin.digest() + running(pin.digest()));
      return ExitCode.OK;
    }
    return swap(pin, pin.tryNext(pulled.get(), parts.wallClock().instant()));
  }

  /** Swaps back to the previous digest, kept since the last update. */
  public ExitCode rollback() {
    Optional<ImagePin> pinned = pin();
    if (pinned.isEmpty()) {
      return ExitCode.FAILED;
    }
    ImagePin pin = pinned.get();
    if (pin.previous().isEmpty()) {
      say("no previous image is kept (none since the install, or the last update rolled back)");
      return ExitCode.FAILED;
    }
    return swap(pin, pin.tryNext(pin.previous().get(), parts.wallClock().instant()));
  }

  /** Says whether the registry has another digest for the configured image; pulls nothing. */
  public ExitCode check() {
    String image = parts.settings().image();
    Optional<ImagePin> pinned = pin();
    if (pinned.isEmpty()) {
      return ExitCode.FAILED;
    }
    String there;
    try {
      there = parts.images().registryDigest(image);
    } catch (EngineException e) {
      say("cannot ask the registry: " + e.getMessage());
      return ExitCode.FAILED;
    }
    if (sameImage(there, pinned.get().digest())) {
      say("Up to date: " + image + " is " + pinned.get().digest() + " here and at its registry");
    } else {
      say(
          "A newer image exists: "
              + image
              + " is "
              + there
              + " at its registry; Slips runs "
              + pinned.get().digest()
              + ". To update: sudo slips-failover update");
    }
    return ExitCode.OK;
  }

  private Optional<ImagePin> pin() {
    Optional<ImagePin> pin = parts.pins().read();
    if (pin.isEmpty() || !pin.get().image().equals(parts.settings().image())) {
      say(
          "no digest is pinned for "
              + parts.settings().image()
              + " (installed by an older version): run  sudo slips-failover reinstall  first");
      return Optional.empty();
    }
    return pin;
  }

  /**
   * The engine's data folder must hold the new image. Its size is not known before the pull (the
   * registry's manifest lists compressed layers, and the engine offers no estimate), so the size of
   * the current image stands for it: Slips' releases are about the same size, and layers the two
   * share are not fetched again, which makes this an upper bound in practice.
   */
  private boolean enoughRoom(ImagePin pin) {
    OptionalLong current = parts.images().size(pin.digest());
    if (current.isEmpty()) {
      say("check  room: the current image's size is unknown; not checked");
      return true;
    }
    var folder = parts.images().dataRoot();
    long free = parts.disk().usableBytes(folder);
    if (free < current.getAsLong()) {
      say(
          "not enough room in "
              + folder
              + " for the new image: about "
              + current.getAsLong() / MB
              + " MB needed (the size of the current one), "
              + free / MB
              + " MB free; nothing pulled, nothing changed");
      return false;
    }
    say(
        "check  room: "
            + free / MB
            + " MB free in "
            + folder
            + ", about "
            + current.getAsLong() / MB
            + " MB needed");
    return true;
  }

  /** Pins {@code trial} and hands Slips over to a runner that starts it; waits for the verdict. */
  private ExitCode swap(ImagePin from, ImagePin trial) {
    Instant closedAt = parts.wallClock().instant();
    parts.pins().write(trial);
    if (!runs()) {
      say(
          "Pinned "
              + trial.digest()
              + "; Slips does not run now, so it starts with it (and rolls back to "
              + from.digest()
              + " if it does not protect)");
      return ExitCode.OK;
    }
    say(
        "swap   "
            + from.digest()
            + " -> "
            + trial.digest()
            + ": the gate closes until the new Slips protects; the access point stays up");
    try {
      parts.swap().handOverAndRestart();
    } catch (RuntimeException e) {
      parts.pins().write(from);
      say(e.getMessage() + "; the pin is back to " + from.digest());
      return ExitCode.FAILED;
    }
    Optional<ImagePin> verdict = awaitVerdict(trial);
    if (verdict.isEmpty()) {
      say(
          "Slips has neither protected with "
              + trial.digest()
              + " nor been rolled back within "
              + parts.limit().toSeconds()
              + " s; the runner goes on deciding: see  journalctl -u slips");
      return ExitCode.FAILED;
    }
    ImagePin now = verdict.get();
    if (!now.digest().equals(trial.digest())) {
      say(
          "Rolled back to "
              + now.digest()
              + ": "
              + now.rolledBack().orElse(trial.digest() + " did not protect"));
      return ExitCode.FAILED;
    }
    say(
        "Updated: "
            + trial.image()
            + " runs "
            + trial.digest()
            + "; the gate was closed "
            + seconds(Duration.between(closedAt, now.since()))
            + startTime(now)
            + "; the access point stayed up");
    removeOlder(from, trial);
    return ExitCode.OK;
  }

  /** The pin once the runner has judged the digest on trial; empty at the limit. */
  private Optional<ImagePin> awaitVerdict(ImagePin trial) {
    Instant deadline = parts.wallClock().instant().plus(parts.limit());
    while (parts.wallClock().instant().isBefore(deadline)) {
      Optional<ImagePin> pin = parts.pins().read();
      if (pin.isPresent() && !pin.get().trial()) {
        return pin;
      }
      parts.pause().pause(parts.interval());
    }
    return Optional.empty();
  }

  /**
   * One previous image is kept, for {@code update --rollback}: the one that ran until now. The one
   * kept before it is removed (the engine refuses while a container still uses it).
   */
  private void removeOlder(ImagePin from, ImagePin trial) {
    Optional<String> older = from.previous();
    if (older.isEmpty()
        || sameImage(older.get(), trial.digest())
        || sameImage(older.get(), from.digest())) {
      return;
    }
    try {
      if (parts.images().remove(older.get())) {
        say("removed " + older.get() + "; kept " + from.digest() + " for  update --rollback");
      }
    } catch (EngineException e) {
      say("could not remove " + older.get() + ": " + e.getMessage());
    }
  }

  private boolean runs() {
    return parts.swap().serviceRuns() && container().map(ContainerState::running).orElse(false);
  }

  private Optional<ContainerState> container() {
    try {
      return parts.engine().inspect(parts.settings().containerName());
    } catch (EngineException e) {
      return Optional.empty();
    }
  }

  private String running(String digest) {
    return container()
        .filter(c -> c.running() && c.image().equals(digest))
        .flatMap(ContainerState::startedAt)
        .map(t -> "; Slips runs it since " + t)
        .orElse("");
  }

  /** Slips' own start time, from its container's start to the pin's protect time. */
  private String startTime(ImagePin now) {
    return container()
        .flatMap(ContainerState::startedAt)
        .map(t -> " (Slips took " + seconds(Duration.between(t, now.since())) + " to protect)")
        .orElse("");
  }

  /** Two references name the same image when their digests are equal. */
  static boolean sameImage(String a, String b) {
    return a.substring(a.indexOf('@') + 1).equals(b.substring(b.indexOf('@') + 1));
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", Math.max(0, d.toMillis()) / 1000.0);
  }

  private void say(String line) {
    parts.out().println(line);
  }
}
