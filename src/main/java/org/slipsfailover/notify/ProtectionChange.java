package org.slipsfailover.notify;

/**
 * One change of protection, as the spool keeps it (plain fields: it is written as JSON).
 *
 * @param atMillis when it happened (epoch milliseconds)
 * @param protecting true: Slips protects again; false: it stopped
 * @param cause for a stop, the runner's cause label ({@code container_ended}) or cut-ap's ({@code
 *     runner_ended}, {@code gave_up}); empty when protecting
 * @param why the log's line for it, already one line (escaped), at most {@link #MAX_WHY} chars
 * @param apCut whether the access point was cut
 * @param downMillis for a return to protection, how long it was down; -1 when unknown
 */
public record ProtectionChange(
    long atMillis, boolean protecting, String cause, String why, boolean apCut, long downMillis) {
  static final int MAX_WHY = 200;

  public ProtectionChange {
    cause = cause == null ? "" : cause;
    why = why == null ? "" : why.length() > MAX_WHY ? why.substring(0, MAX_WHY) + "..." : why;
  }

  static ProtectionChange down(long atMillis, String cause, String why, boolean apCut) {
    return new ProtectionChange(atMillis, false, cause, why, apCut, -1);
  }

  static ProtectionChange up(long atMillis) {
    return new ProtectionChange(atMillis, true, "", "", false, -1);
  }

  ProtectionChange withDown(long millis) {
    return new ProtectionChange(atMillis, protecting, cause, why, apCut, millis);
  }
}
