package org.slipsfailover.ap;

/**
 * What cutting the access point achieved.
 *
 * @param wasRunning a create_ap of this pair was found before cutting
 * @param down the AP is verified down (no create_ap of this pair, no hostapd of it serving)
 * @param how one line saying what was done, for the log
 * @param leftUp not cut, on purpose: the owner is uninstalling the failover
 */
public record CutOutcome(boolean wasRunning, boolean down, String how, boolean leftUp) {

  public CutOutcome(boolean wasRunning, boolean down, String how) {
    this(wasRunning, down, how, false);
  }

  /** Not cut because {@code failover uninstall} is stopping the service. */
  public static CutOutcome leftUpOnPurpose(String how) {
    return new CutOutcome(false, false, how, true);
  }
}
