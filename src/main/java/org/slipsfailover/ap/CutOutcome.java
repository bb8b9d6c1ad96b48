package org.slipsfailover.ap;

/**
 * What cutting the access point achieved: one of four ends, and one line saying what was done, for
 * the log.
 */
public record CutOutcome(End end, String how) {

  public enum End {
    /** No create_ap of this pair and no hostapd of it serving before the cut. */
    ALREADY_DOWN,
    /** It ran, and is verified down now. */
    CUT,
    /** It ran (or cutting failed before it could tell), and could not be verified down. */
    MAY_BE_UP,
    /** Not cut, on purpose: the owner is uninstalling the failover. */
    LEFT_UP
  }

  public static CutOutcome alreadyDown(String how) {
    return new CutOutcome(End.ALREADY_DOWN, how);
  }

  public static CutOutcome cut(String how) {
    return new CutOutcome(End.CUT, how);
  }

  public static CutOutcome mayBeUp(String how) {
    return new CutOutcome(End.MAY_BE_UP, how);
  }

  /** Not cut because {@code failover uninstall} is stopping the service. */
  public static CutOutcome leftUpOnPurpose(String how) {
    return new CutOutcome(End.LEFT_UP, how);
  }

  /** Verified down, whether it ran before or not. */
  public boolean down() {
    return end == End.ALREADY_DOWN || end == End.CUT;
  }

  public boolean wasRunning() {
    return end == End.CUT || end == End.MAY_BE_UP;
  }

  public boolean leftUp() {
    return end == End.LEFT_UP;
  }
}
