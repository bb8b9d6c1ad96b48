package org.slipsfailover.ap;

import org.slipsfailover.host.Commands;
import org.slipsfailover.host.ProcFs;

/**
 * What a cut works with: {@link ProcAccessPoints} holds one for all its cuts and hands it to each
 * {@link ApCut}.
 *
 * @param proc where processes are looked up and checked alive
 * @param finder finds a pair's create_ap and hostapd processes
 * @param commands runs systemctl and ip
 * @param signaller signals a process only while it is still the one meant
 * @param timing how long cutting waits, and how often it looks
 */
record CutTools(
    ProcFs proc,
    ApFinder finder,
    Commands commands,
    ProcessSignaller signaller,
    CutTiming timing) {}
