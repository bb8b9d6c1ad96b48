package org.slipsfailover.install;

import java.nio.charset.StandardCharsets;

/**
 * A file the install writes.
 *
 * @param path absolute host path (resolved against the install's root when written)
 * @param content exact bytes
 * @param mode POSIX permissions
 * @param text whether {@code --dry-run} prints the content (not for the jar)
 */
public record PlannedFile(String path, byte[] content, int mode, boolean text) {

  public static PlannedFile text(String path, String content, int mode) {
    return new PlannedFile(path, content.getBytes(StandardCharsets.UTF_8), mode, true);
  }

  public String modeOctal() {
    return String.format("%04o", mode);
  }
}
