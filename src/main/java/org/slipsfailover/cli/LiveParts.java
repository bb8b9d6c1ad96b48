package org.slipsfailover.cli;

import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HostRoot;

/** The production implementations of our seams. */
final class LiveParts {
  private LiveParts() {}

  static AccessPoints accessPoints(HostRoot root) {
    return new ProcAccessPoints(root, new ProcessCommands());
  }

  static SlipsEngine engine() {
    return new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST);
  }
}
