package org.slipsfailover.install;

import java.util.List;
import org.slipsfailover.host.HandOver;

/** One thing the install does after writing files; printed as is by {@code --dry-run}. */
public sealed interface Step {

  /** A host command, as an argument list. */
  record Run(List<String> argv) implements Step {
    @Override
    public String describe() {
      return String.join(" ", argv);
    }
  }

  /** Install missing Debian packages quietly (preseeded debconf; apt-get update only if needed). */
  record InstallPackages(List<String> packages) implements Step {
    @Override
    public String describe() {
      return "apt-get install -y "
          + String.join(" ", packages)
          + " (debconf preseeded; apt-get update only if that fails)";
    }
  }

  /** Pull the Slips image before the service starts, so the service never waits on a download. */
  record PullImage(String image) implements Step {
    @Override
    public String describe() {
      return "docker pull " + image;
    }
  }

  /**
   * Make the class-data archive of {@code jar}: the classes that {@code status} and {@code cut-ap}
   * load, stored by {@code java -Xshare:dump}. Only a start-up cache: the install goes on without
   * it.
   */
  record MakeClassArchive(String jar, String archive) implements Step {
    @Override
    public String describe() {
      return "java -Xshare:dump ... -XX:SharedArchiveFile="
          + archive
          + " -cp "
          + jar
          + " (start-up archive of the classes status and cut-ap load)";
    }
  }

  /**
   * Mark a hand-over right before {@code slips.service} restarts with a new jar (a package
   * upgrade): the running Slips and the access point are kept, the gate closed until the new runner
   * sees Slips protect (see {@code host.HandOver}).
   */
  record MarkHandOver(String path) implements Step {
    @Override
    public String describe() {
      return "mark a hand-over in "
          + path
          + " (valid "
          + HandOver.VALIDITY.toSeconds()
          + " s): the new runner adopts the running Slips; the access point is not cut";
    }
  }

  /** Remove files an earlier install wrote and this one does not (absolute host paths). */
  record RemoveFiles(List<java.nio.file.Path> files) implements Step {
    @Override
    public String describe() {
      return "rm -f " + String.join(" ", files.stream().map(java.nio.file.Path::toString).toList());
    }
  }

  String describe();
}
