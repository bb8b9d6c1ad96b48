package org.slipsfailover.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ImagePin} on disk, beside the install's settings. A file of its own, not a line of
 * {@code install.conf}: that file is the install's plan, rewritten from the command line at every
 * install, while the pin is changed by {@code update} and the runner (which may not rewrite the
 * install's files).
 *
 * <p>The runner starts what it names as root, so only root's file counts: a regular file (no link),
 * owned by root (by this process's owner in tests), writable by nobody else. Anything else reads as
 * no pin, and the runner starts the configured image as before pins existed.
 */
public final class ImagePinFile {
  public static final String PATH = "/etc/slips-failover/image.pin";

  private static final int MAX_BYTES = 4096;

  private final Path file;
  private final int owner;

  /**
   * @param owner the uid the file must belong to (0 in production)
   */
  public ImagePinFile(Path file, int owner) {
    this.file = file;
    this.owner = owner;
  }

  public static ImagePinFile at(HostRoot root) {
    return new ImagePinFile(root.resolve(PATH), 0);
  }

  /** No pin ever: the configured image is started as it is (tests, and runners wired without). */
  public static ImagePinFile none() {
    return new ImagePinFile(null, 0);
  }

  public Path path() {
    return file;
  }

  /** The pin, or empty when there is none (or none that root alone wrote, or it is unreadable). */
  public Optional<ImagePin> read() {
    if (file == null) {
      return Optional.empty();
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || !Integer.valueOf(owner)
              .equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))
          || writableByOthers(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
          || Files.size(file) > MAX_BYTES) {
        return Optional.empty();
      }
      Map<String, String> p = new HashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          p.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      String image = p.get("image");
      String digest = p.get("digest");
      if (image == null || digest == null || !digest.contains("@sha256:")) {
        return Optional.empty();
      }
      return Optional.of(
          new ImagePin(
              image,
              digest,
              Instant.parse(p.getOrDefault("since", Instant.EPOCH.toString())),
              Optional.ofNullable(p.get("previous")).filter(d -> d.contains("@sha256:")),
              "true".equals(p.get("trial")),
              Optional.ofNullable(p.get("rolled-back"))));
    } catch (IOException | UnsupportedOperationException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Writes the pin at once and whole (a new file renamed over the old one), mode 0644. */
  public void write(ImagePin pin) {
    if (file == null) {
      return;
    }
    StringBuilder s =
        new StringBuilder(
            "# Written by slips-failover install and update: slips.service starts digest=, never"
                + " the tag.\n");
    s.append("image=").append(pin.image()).append('\n');
    s.append("digest=").append(pin.digest()).append('\n');
    s.append("since=").append(pin.since()).append('\n');
    pin.previous().ifPresent(p -> s.append("previous=").append(p).append('\n'));
    if (pin.trial()) {
      s.append("trial=true\n");
    }
    pin.rolledBack().ifPresent(r -> s.append("rolled-back=").append(r).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      AtomicFile.replace(file, s.toString(), "rw-r--r--", /* forceToDisk= */ false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the image pin " + file, e);
    }
  }

  /** Removes the pin (the configured image cannot be pinned); nothing when there is none. */
  public void remove() {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the image pin " + file, e);
    }
  }

  private static boolean writableByOthers(Set<PosixFilePermission> mode) {
    return mode.contains(PosixFilePermission.GROUP_WRITE)
        || mode.contains(PosixFilePermission.OTHERS_WRITE);
  }
}
