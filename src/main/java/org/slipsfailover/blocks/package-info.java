/**
 * Blocks that expire as Slips meant them to, after a reboot restored them.
 *
 * <p>What Slips does (read in its repository, StratosphereLinuxIPS at the 2026-06-02 head, Slips
 * 1.1.21: {@code modules/blocking/blocking.py}, {@code unblocker.py}, {@code exec_iptables_cmd.py},
 * {@code slips_files/common/abstracts/iunblocker.py}, {@code slips_files/core/database/redis_db/
 * alert_handler.py} and {@code profile_handler.py}, {@code slips_files/common/parsers/
 * config_parser.py}, {@code config/slips.yaml}):
 *
 * <ul>
 *   <li><b>The rules.</b> At start (with {@code -p}) {@code iptables -N slipsBlocking}, and {@code
 *       iptables -I INPUT|OUTPUT|FORWARD -j slipsBlocking} for each built-in chain whose listing
 *       does not name the chain yet. The chain is never flushed at start (the call is commented
 *       out). A block of IP A is, by default, two rules inserted at the top of the chain: {@code
 *       iptables --insert slipsBlocking -s A -m comment --comment "Slips rule" -j DROP} and the
 *       same with {@code -d A}; {@code iptables-save} shows them as {@code -A slipsBlocking -d A/32
 *       -m comment --comment "Slips rule" -j DROP}. Options (protocol, ports, and {@code -i IF -o
 *       IF} for a private address in {@code -ap} mode) are appended to the command string, stripped
 *       of spaces, after the comment. Only {@code iptables} is run (IPv4): an IPv6 address fails,
 *       so Slips never blocks in {@code ip6tables}.
 *   <li><b>Blocked again.</b> Before inserting, Slips lists the chain ({@code iptables -L
 *       slipsBlocking -v -n}) and inserts nothing when the address appears in it. Either way it
 *       then registers an unblock request: a block already restored from disk is adopted without a
 *       change to the rules, and only Slips' {@code blocking.log} (in the run's output folder) says
 *       so ("Registered unblocking request to unblock A ...").
 *   <li><b>How long.</b> Time windows are {@code parameters.time_window_width} seconds wide ({@code
 *       config/slips.yaml}, or the file given with {@code -c}; 3600 when absent; read with Python's
 *       {@code float()}; the text {@code only_one_tw} means 9999999999 s). Window 1 starts at the
 *       first flow Slips sees; window n covers [start + (n-1)w, start + nw). A first block in
 *       window n is lifted at the end of window n+1: between one and two widths after the block.
 *       Each new request for a blocked address adds one window ("extended by 1 tw"), and the count
 *       drops by one when a window closes. There is no setting for the length.
 *   <li><b>Unblocking.</b> A thread of the blocking module looks every 10 s and, once the end of
 *       the window is reached, runs {@code iptables --delete slipsBlocking -s A ...} and {@code -d
 *       A ...} with the same comment (and the protocol and port options, never the interface one).
 *       The requests are a Python dict in memory: they end with the Slips process. Its Redis is
 *       Slips' own and is killed at the end, so nothing of the schedule survives a restart, let
 *       alone a reboot: a block restored by netfilter-persistent is never lifted.
 * </ul>
 *
 * <p>What we do: {@link org.slipsfailover.blocks.BlockTimes} records, in a root-owned file, when
 * each rule of {@code slipsBlocking} was first seen and in which boot; {@link
 * org.slipsfailover.blocks.ExpiryPlan} decides, for a rule first seen in an earlier boot (so
 * restored, so without Slips' timer), when Slips would have lifted it at the latest (first seen +
 * two widths, width read by {@link org.slipsfailover.blocks.SlipsTimeWindow}); {@link
 * org.slipsfailover.blocks.RestoredBlocks} removes it then. A rule that disappears and comes back
 * is a new block (Slips' own, with its timer) and is left alone; so is every rule first seen in
 * this boot, and a restored one that Slips blocked again ({@link
 * org.slipsfailover.blocks.SlipsBlockingLog}).
 */
package org.slipsfailover.blocks;
