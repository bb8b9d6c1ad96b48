/**
 * Finding and cutting the create_ap access point of one interface pair.
 *
 * <p>{@link org.slipsfailover.ap.ProcAccessPoints} is the implementation of {@link
 * org.slipsfailover.ap.AccessPoints}. It reads {@code /proc} and create_ap's state folders ({@code
 * /tmp/create_ap.<wifi>.conf.XXXXXXXX}) directly and spawns nothing on the way to the signal; a
 * scan of about 120 processes takes about a millisecond once the JVM is warm. The first call in a
 * fresh JVM pays for class loading (tens of milliseconds): a runner that must react fast should
 * call {@code find} once at start-up.
 *
 * <ul>
 *   <li>{@link org.slipsfailover.ap.CreateApCommandLine}: argv to interfaces, parsed as create_ap
 *       parses its own (getopt options, {@code --config} files), or "not an AP".
 *   <li>{@code ProcEntry}: a process as {@link org.slipsfailover.host.ProcFs} (the one reader of
 *       {@code /proc}) shows it, with its argv; a (pid, start) pair is a process's identity.
 *   <li>{@code StateFolder}: create_ap's folders, which say what it actually took and lead to its
 *       hostapd after create_ap itself is gone. Only root's folders, and only root's processes, are
 *       believed: any local user can plant look-alikes in /tmp or start them.
 *   <li>{@code ApFinder}: one scan: the pair's create_aps (not their forked subshells), their
 *       hostapds, orphaned hostapds of leftover folders, {@code create_ap.service} by cgroup.
 *   <li>{@code ApCut}: one cut: {@code systemctl stop} or SIGTERM after an identity re-check,
 *       polling until down, then SIGTERM/SIGKILL of hostapd and {@code ip link set dev X down}.
 * </ul>
 *
 * <p>Tests use {@code src/test/resources/standin/create_ap}, a stand-in whose interface is written
 * at its top.
 */
package org.slipsfailover.ap;
