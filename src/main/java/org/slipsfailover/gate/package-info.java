/**
 * The gate: a table of our own in nftables ({@code inet slips_failover}, rendered from {@code
 * templates/slips-gate.nft}) that drops what the Pi forwards to and from the access point's clients
 * unless a lease is fresh, and its twin {@code bridge slips_failover} for what the Pi bridges
 * (create_ap -m bridge), whose lease is renewed and revoked with the first in one transaction. The
 * lease is a set element with a timeout: the kernel removes it by itself, so the gate closes with
 * no process alive.
 *
 * <ul>
 *   <li>{@link org.slipsfailover.gate.Gate}: the runner's hold on it: renew after a good probe,
 *       revoke first on a failure, put the table back when it vanished or changed.
 *   <li>{@link org.slipsfailover.gate.GateKernel}: the narrow kernel interface; {@link
 *       org.slipsfailover.gate.NftKernel} is the real one: the lease and the ruleset's generation
 *       over netlink ({@link org.slipsfailover.gate.NetlinkLease}, whose bytes {@link
 *       org.slipsfailover.gate.NftMessages} builds), the rare listing through one long-lived {@code
 *       nft -j -i}.
 *   <li>{@link org.slipsfailover.gate.TableListing}: the table as {@code nft -j} lists it.
 *   <li>{@link org.slipsfailover.gate.GateTable}: the names and the commands.
 * </ul>
 */
package org.slipsfailover.gate;
