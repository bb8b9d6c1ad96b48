package org.slipsfailover.ap;

/**
 * What cutting the access point achieved.
 *
 * @param wasRunning a create_ap of this pair was found before cutting
 * @param down the AP is verified down (no create_ap of this pair, no hostapd of it serving)
 * @param how one line saying what was done, for the log
 */
public record CutOutcome(boolean wasRunning, boolean down, String how) {}
