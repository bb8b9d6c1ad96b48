package org.slipsfailover.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A hand-over of a running Slips from one runner to the next, as a package upgrade restarts {@code
 * slips.service} with a new jar: the install marks it right before the restart; the stopping runner
 * and {@code ExecStopPost=} then close the gate but neither cut the access point nor stop Slips;
 * the new runner adopts the running container and opens the gate once it sees Slips protect (or
 * cuts, as always, when it does not within the start limit). Clients lose the Internet for the
 * hand-over, never get it unprotected.
 *
 * <p>The mark is short-lived and root's alone, so that no stale or planted one can ever spare a
 * cut: a regular file in a root-only folder under {@code /run} (gone at reboot), owned by root,
 * mode 0600, holding the instant it expires, at most {@link #VALIDITY} ahead. Anything else is no
 * hand-over.
 */
public final class HandOver {
  public static final String PATH = "/run/slips-failover/handover";

  /** Long enough for a stop and a start on a busy Pi, short enough that nothing stale counts. */
  public static final Duration VALIDITY = Duration.ofSeconds(45);

  private final Path file;
  private final Clock clock;

  public HandOver(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public static HandOver at(HostRoot root, Clock clock) {
    return new HandOver(root.resolve(PATH), clock);
  }

  /** No hand-over ever (tests, and runners wired without one). */
  public static HandOver none() {
    return new HandOver(null, Clock.systemUTC());
  }

  /** Marks a hand-over valid for {@link #VALIDITY} from now. */
  public void mark() {
    try {
      Path dir = file.getParent();
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (Files.isSymbolicLink(dir)
          || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)
              .equals(PosixFilePermissions.fromString("rwx------"))) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      long until = clock.instant().plus(VALIDITY).toEpochMilli();
      AtomicFile.replace(file, until + "\n", "rw-------", /* forceToDisk= */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark the hand-over at " + file, e);
    }
  }

  /** Whether a valid hand-over is marked right now (it stays marked). */
  public boolean pending() {
    if (file == null) {
      return false;
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || !Integer.valueOf(0)
              .equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))
          || !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
              .equals(PosixFilePermissions.fromString("rw-------"))
          || Files.size(file) > 32) {
        return false;
      }
      Instant until =
          Instant.ofEpochMilli(
              Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
      Instant now = clock.instant();
      return now.isBefore(until) && !until.isAfter(now.plus(VALIDITY));
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Whether a valid hand-over was marked; removes the mark either way (it serves one start). */
  public boolean take() {
    boolean pending = pending();
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Expires by itself within VALIDITY.
      }
    }
    return pending;
  }
}
