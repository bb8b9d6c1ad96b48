package org.slipsfailover.docker;

/** Why the Slips container is no longer running, as the engine told us. */
public record ContainerEnd(Reason reason, Integer exitCode, String detail) {

  public enum Reason {
    EXITED,
    OOM_KILLED,
    KILLED,
    REMOVED,
    DAEMON_UNREACHABLE
  }

  /** One line for the log. */
  public String describe() {
    return switch (reason) {
      case EXITED -> "Slips container exited with code " + exitCode + detailSuffix();
      case OOM_KILLED -> "Slips container was killed for running out of memory" + detailSuffix();
      case KILLED -> "Slips container was killed (exit code " + exitCode + ")" + detailSuffix();
      case REMOVED -> "Slips container was removed" + detailSuffix();
      case DAEMON_UNREACHABLE -> "Docker daemon is unreachable" + detailSuffix();
    };
  }

  private String detailSuffix() {
    return detail == null || detail.isBlank() ? "" : ": " + detail;
  }
}
