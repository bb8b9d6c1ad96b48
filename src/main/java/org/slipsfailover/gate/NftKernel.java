package org.slipsfailover.gate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;

/**
 * The gate in the running kernel, through nft: a long-lived {@code nft -j -i} for the frequent
 * requests (renew, revoke, read) and one {@code nft -f} for a load. Each request acts on both
 * tables (inet and bridge) in one line, and reads both.
 */
public final class NftKernel implements GateKernel, AutoCloseable {
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

  private final List<String> nft;
  private final Path ruleset;
  private final Commands commands;
  private final NftSession session;

  /**
   * @param nft how to run nft, e.g. {@code [nft]}, or {@code [ip, netns, exec, NS, nft]} in tests
   * @param ruleset the rendered {@code slips-gate.nft}
   */
  public NftKernel(List<String> nft, Path ruleset, Commands commands) {
    this.nft = List.copyOf(nft);
    this.ruleset = ruleset;
    this.commands = commands;
    List<String> interactive = new ArrayList<>(nft);
    interactive.addAll(List.of("-j", "-i"));
    this.session = new NftSession(interactive, ANSWER_TIMEOUT);
  }

  @Override
  public Optional<TableListing> renew(Duration timeout) {
    return ask(List.of(GateTable.renew(timeout)));
  }

  @Override
  public Optional<TableListing> revoke() {
    return ask(List.of(GateTable.revoke()));
  }

  @Override
  public Optional<TableListing> read() {
    return ask(List.of());
  }

  @Override
  public Optional<TableListing> addInterface(String name) {
    return ask(List.of(GateTable.addInterface(name)));
  }

  @Override
  public void load() throws GateException {
    List<String> argv = new ArrayList<>(nft);
    argv.addAll(List.of("-f", ruleset.toString()));
    CommandResult r = commands.run(argv);
    if (!r.ok()) {
      throw new GateException("nft -f " + ruleset + ": " + r.failure());
    }
  }

  private Optional<TableListing> ask(List<String> actions) {
    return session.request(actions, GateTable.lists()).flatMap(NftKernel::parse);
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
  }
}
