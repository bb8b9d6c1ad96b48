package org.slipsfailover.cli;

import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HostRoot;

/** The production implementations of our seams. */
final class LiveParts {
  private LiveParts() {}

  static AccessPoints accessPoints(HostRoot root) {
    throw new UnsupportedOperationException("access point detection is not merged yet");
  }

  static SlipsEngine engine() {
    return new DockerJavaEngine(DockerJavaEngine.DEFAULT_HOST);
  }
}
