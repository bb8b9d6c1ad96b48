package org.slipsfailover.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.host.CommandLimits;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.NetlinkSocket;

/**
 * The gate in the running kernel. The lease, renewed every second, and the ruleset's generation go
 * over netlink ({@link NetlinkLease}); the rare requests go through nft: a long-lived {@code nft -j
 * -i} to read the tables, one {@code nft -f} for a load. Where netlink cannot be had (no C library
 * through JNA), the lease goes through the long-lived nft too, as a line followed by a listing,
 * which costs milliseconds of CPU a second instead of tens of microseconds.
 */
public final class NftKernel implements GateKernel, AutoCloseable {
  /** The kernel answers netlink at once: as long as nft has for one request. */
  static final Duration ANSWER_TIMEOUT = CommandLimits.INTERACTIVE_REQUEST;

  private static final Logger log = LoggerFactory.getLogger(NftKernel.class);

  private final List<String> nft;
  private final Path ruleset;
  private final Commands commands;
  private final NftSession session;
  private final NetlinkLease netlink;
  private final boolean netlinkAvailable;
  // The families whose table the last load put in: both, or inet alone where the kernel refused
  // the bridge table. Every renewal, revoke and listing acts on these.
  private volatile List<String> loaded = GateTable.FAMILIES;

  /** In the runner's own network namespace. */
  public NftKernel(Path ruleset, Commands commands) {
    this(List.of("nft"), Optional.empty(), ruleset, commands);
  }

  /**
   * @param nft how to run nft, e.g. {@code [nft]}, or {@code [ip, netns, exec, NS, nft]} in tests
   * @param netns the same network namespace for netlink ({@code /run/netns/NS}); empty for ours
   * @param ruleset the rendered {@code slips-gate.nft}
   */
  public NftKernel(List<String> nft, Optional<Path> netns, Path ruleset, Commands commands) {
    this.nft = List.copyOf(nft);
    this.ruleset = ruleset;
    this.commands = commands;
    List<String> interactive = new ArrayList<>(nft);
    interactive.addAll(List.of("-j", "-i"));
    this.session = new NftSession(interactive, commands);
    this.netlink = new NetlinkLease(netns, ANSWER_TIMEOUT);
    this.netlinkAvailable = NetlinkSocket.available();
    if (!netlinkAvailable) {
      log.warn("gate: no netlink through JNA here; the lease is renewed through nft instead");
    }
  }

  @Override
  public boolean renew(Duration timeout) {
    if (netlinkAvailable) {
      return netlink.renew(timeout, loaded);
    }
    return ask(List.of(GateTable.renew(timeout, loaded))).map(TableListing::open).orElse(false);
  }

  @Override
  public boolean revoke() {
    if (netlinkAvailable) {
      return netlink.revoke(loaded);
    }
    return ask(List.of(GateTable.revoke(loaded))).isPresent();
  }

  @Override
  public OptionalLong generation() {
    return netlinkAvailable ? netlink.generation() : OptionalLong.empty();
  }

  @Override
  public Optional<TableListing> read() {
    return ask(List.of());
  }

  /**
   * Loads each table in a transaction of its own, inet first: a kernel without nftables' bridge
   * family refuses the bridge table, and the inet one gates what the Pi routes all the same.
   */
  @Override
  public void load() throws GateException {
    Map<String, String> parts;
    try {
      parts = GateRuleset.split(Files.readString(ruleset));
    } catch (IOException e) {
      throw new GateException("cannot read " + ruleset + ": " + e.getMessage());
    }
    if (!parts.containsKey(GateTable.FAMILY)) {
      throw new GateException(ruleset + " has no table " + GateTable.QUALIFIED);
    }
    List<String> families = new ArrayList<>();
    for (Map.Entry<String, String> part : parts.entrySet()) {
      List<String> argv = new ArrayList<>(nft);
      argv.addAll(List.of("-f", "/dev/stdin"));
      CommandResult r = commands.run(argv, part.getValue());
      if (r.ok()) {
        families.add(part.getKey());
      } else if (part.getKey().equals(GateTable.FAMILY)) {
        throw new GateException("nft -f " + ruleset + " (" + part.getKey() + "): " + r.failure());
      } else {
        // The bridge table: only the inet one must load.
        log.error(
            "gate: {} {} not loaded ({}): bridged clients are not gated",
            part.getKey(),
            GateTable.NAME,
            r.failure());
      }
    }
    loaded = List.copyOf(families);
  }

  private Optional<TableListing> ask(List<String> actions) {
    return session.request(actions, GateTable.lists(loaded)).flatMap(NftKernel::parse);
  }

  /** Both tables as one listing; empty when either is not the gate's. */
  private static Optional<TableListing> parse(List<String> jsons) {
    try {
      return Optional.of(TableListing.combine(jsons.stream().map(TableListing::parse).toList()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    session.close();
    netlink.close();
  }
}
