package org.slipsfailover.host;

import java.time.Instant;
import java.util.Optional;

/**
 * The Slips image the runner starts, by digest: the install records it, {@code update} changes it,
 * and nothing else does, so that a reboot, a restart or someone's {@code docker pull} never
 * switches versions behind the owner's back.
 *
 * @param image the configured image as the owner named it (a tag, e.g. {@code
 *     stratosphereips/slips:latest}); the pin holds only while the install still names it
 * @param digest what the runner starts: {@code repository@sha256:...}
 * @param since when this digest was pinned (install) or first protected (update)
 * @param previous the digest that ran before, kept for a rollback; empty after a first install
 * @param trial the digest has not protected yet since {@code update} pinned it: when it does not
 *     protect within the start limit, the runner pins {@code previous} again and starts it instead
 *     of cutting the access point
 * @param rolledBack after such a rollback, the digest that failed and why, in one line
 */
public record ImagePin(
    String image,
    String digest,
    Instant since,
    Optional<String> previous,
    boolean trial,
    Optional<String> rolledBack) {

  /** A digest pinned by the install: no previous one, nothing to try. */
  public static ImagePin first(String image, String digest, Instant since) {
    return new ImagePin(image, digest, since, Optional.empty(), false, Optional.empty());
  }

  /** {@code next} replaces this digest on trial; this one is kept as the previous. */
  public ImagePin tryNext(String next, Instant now) {
    return new ImagePin(image, next, now, Optional.of(digest), true, Optional.empty());
  }

  /** The digest on trial protected: it stays, the previous is kept for a manual rollback. */
  public ImagePin protectedAt(Instant now) {
    return new ImagePin(image, digest, now, previous, false, Optional.empty());
  }

  /**
   * The digest on trial did not protect: the previous is pinned again (with nothing to try), and
   * the failed one is named, with why.
   */
  public ImagePin rollBack(String why, Instant now) {
    return new ImagePin(
        image,
        previous.orElseThrow(),
        now,
        Optional.empty(),
        false,
        Optional.of(digest + ": " + OneLine.of(why)));
  }
}
