package org.slipsfailover.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free room in a folder's file system. */
@FunctionalInterface
public interface Disk {
  long usableBytes(Path folder);

  static Disk real() {
    return folder -> {
      try {
        return Files.getFileStore(folder).getUsableSpace();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot measure the room in " + folder, e);
      }
    };
  }
}
