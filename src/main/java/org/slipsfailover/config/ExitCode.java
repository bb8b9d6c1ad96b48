package org.slipsfailover.config;

import java.util.Arrays;
import java.util.List;

/**
 * Every exit code of every command, with its one meaning: the help of each command and the README's
 * table are made from this list. A number means the same for every command; where two constants
 * share a number, they are the same kind of end said the way one command means it.
 */
public enum ExitCode {
  OK(0, "success (status: protected; cut-ap: the access point is down)"),
  FAILED(1, "failed; the message says why"),
  NOT_PROTECTED(1, "not protected; the first line says why"),
  AP_MAY_BE_UP(1, "the access point could not be verified down"),
  STOPPED_STARTING(1, "stopped while Slips was being started; the access point is cut"),
  BAD_INPUT(2, "bad input: a wrong argument, option or interface; nothing is changed"),
  NOT_ROOT(3, "not root: run it with sudo"),
  NO_ACCESS_POINT(4, "no access point is running on the interfaces; start it first"),
  GAVE_UP(
      5,
      "Slips kept failing to start while the access point ran; the access point is cut and"
          + " systemd does not restart the runner"),
  UNSAFE_PATH(
      6,
      "unsafe path: the Slips folder, its output/ or the log is a link or writable by another user;"
          + " install changes nothing, the runner does not start Slips and cuts the access point"),
  DOCKER_UNREACHABLE(
      7,
      "the Docker engine is unreachable or refused to start or watch Slips (the runner cuts the access point)"),
  INTERNAL_ERROR(8, "internal error, please report it (the runner cuts the access point)"),
  TERMINATED(143, "stopped by SIGTERM (systemctl stop): Slips stopped, the access point cut");

  private final int number;
  private final String meaning;

  ExitCode(int number, String meaning) {
    this.number = number;
    this.meaning = meaning;
  }

  public int number() {
    return number;
  }

  public String meaning() {
    return meaning;
  }

  /** The codes of one command, in the order given; the help and README list them so. */
  public static List<ExitCode> of(ExitCode... codes) {
    return Arrays.asList(codes);
  }
}
