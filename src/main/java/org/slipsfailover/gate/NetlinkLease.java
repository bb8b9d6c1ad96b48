package org.slipsfailover.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slipsfailover.host.Deadline;
import org.slipsfailover.host.NetlinkSocket;

/**
 * The lease, renewed and revoked by talking to nftables in the kernel directly, over netlink, as
 * {@code nft} itself does: no process, no parsing of a command line, no cache of the whole ruleset
 * fetched first. A renewal every second costs a few tens of microseconds this way; through a
 * long-lived {@code nft -i} it cost milliseconds.
 *
 * <p>Each call opens the socket when there is none, and closes it on anything unexpected (no answer
 * in time, a stray datagram, an answer whose lengths do not add up); the next call starts afresh.
 * Answers carry the sequence number of the message they answer: those of earlier requests are
 * skipped.
 */
final class NetlinkLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetlinkLease.class);

  /** The socket as this class uses it: a seam for tests that feed it crafted answers. */
  interface Channel extends AutoCloseable {
    void send(byte[] messages) throws IOException;

    Optional<byte[]> receive(Duration timeout) throws IOException;

    @Override
    void close();
  }

  /** Opens a fresh channel to the kernel's nftables. */
  interface Opener {
    Channel open() throws IOException;
  }

  private final Opener opener;
  private final Duration answerTimeout;
  private Channel socket;
  private int seq = 1;
  private String lastFailure = "";

  /**
   * @param netns the network namespace to work in ({@code /run/netns/NAME}); empty for the runner's
   *     own
   */
  NetlinkLease(Optional<Path> netns, Duration answerTimeout) {
    this(() -> channel(NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER, netns)), answerTimeout);
  }

  NetlinkLease(Opener opener, Duration answerTimeout) {
    this.opener = opener;
    this.answerTimeout = answerTimeout;
  }

  private static Channel channel(NetlinkSocket s) {
    return new Channel() {
      @Override
      public void send(byte[] messages) throws IOException {
        s.send(messages);
      }

      @Override
      public Optional<byte[]> receive(Duration timeout) throws IOException {
        return s.receive(timeout);
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  /** Both leases, with this timeout; false when the kernel refused (a table or set missing). */
  synchronized boolean renew(Duration timeout) {
    return renew(timeout, GateTable.FAMILIES);
  }

  /** The same in the tables of these families only ({@link GateTable#FAMILIES}). */
  synchronized boolean renew(Duration timeout, List<String> families) {
    int first = nextSeq(NftMessages.renewalNumbers(families.size()));
    return acknowledged(
        NftMessages.renew(first, timeout, families),
        first,
        NftMessages.lastOfRenewal(first, families.size()));
  }

  /** Both leases emptied; false when the kernel refused (a table or set missing). */
  synchronized boolean revoke() {
    return revoke(GateTable.FAMILIES);
  }

  /** The same in the tables of these families only. */
  synchronized boolean revoke(List<String> families) {
    int first = nextSeq(NftMessages.revokeNumbers(families.size()));
    return acknowledged(
        NftMessages.revoke(first, families),
        first,
        NftMessages.lastOfRevoke(first, families.size()));
  }

  /** The ruleset's generation now; empty when the kernel could not be asked. */
  synchronized OptionalLong generation() {
    int asked = nextSeq(1);
    try {
      socket().send(NftMessages.getGeneration(asked));
      for (NftMessages.Answer a : answersTo(asked, asked)) {
        if (a.generation().isPresent()) {
          return a.generation();
        }
      }
      return failed("no generation in the kernel's answer");
    } catch (IOException | RuntimeException e) {
      return failed(why(e));
    }
  }

  private OptionalLong failed(String why) {
    fail(why);
    return OptionalLong.empty();
  }

  /**
   * Sends a batch numbered {@code first} to {@code last} and reads its answers up to the one to
   * {@code last}: true when none of them is an error.
   */
  private boolean acknowledged(byte[] batch, int first, int last) {
    try {
      socket().send(batch);
      boolean refused = false;
      for (NftMessages.Answer a : answersTo(first, last)) {
        if (a.type() != NftMessages.NLMSG_ERROR) {
          fail("unexpected answer of type " + a.type());
          return false;
        }
        refused |= a.error() != 0;
      }
      return !refused;
    } catch (IOException | RuntimeException e) {
      fail(why(e));
      return false;
    }
  }

  /**
   * Reads answers numbered {@code first} to {@code last} until the one to {@code last} came, or a
   * refusal of the whole batch: that one carries the number of the batch's begin, {@code first - 1}
   * (no permission, say).
   */
  private List<NftMessages.Answer> answersTo(int first, int last) throws IOException {
    List<NftMessages.Answer> ours = new ArrayList<>();
    Deadline deadline = Deadline.in(answerTimeout);
    boolean done = false;
    while (!done) {
      Duration left = deadline.left();
      byte[] datagram =
          socket()
              .receive(left)
              .orElseThrow(
                  () ->
                      new IOException(
                          "no answer from the kernel within " + answerTimeout.toMillis() + " ms"));
      for (NftMessages.Answer a : NftMessages.read(datagram)) {
        if (a.seq() >= first - 1 && a.seq() <= last) {
          ours.add(a);
          done |= a.seq() == last || a.seq() == first - 1;
        }
      }
    }
    return ours;
  }

  /** Reserves {@code count} sequence numbers; returns the one after the batch's begin. */
  private int nextSeq(int count) {
    if (seq > Integer.MAX_VALUE - 1000) {
      seq = 1;
    }
    int first = seq + 1;
    seq += count;
    return first;
  }

  private Channel socket() throws IOException {
    if (socket == null) {
      socket = opener.open();
    }
    return socket;
  }

  /** An I/O failure says itself; anything else (a bug in reading an answer) names its type too. */
  private static String why(Exception e) {
    return e instanceof IOException ? e.getMessage() : e.toString();
  }

  private void fail(String why) {
    if (!why.equals(lastFailure)) {
      log.warn("gate: nftables over netlink: {}", why);
      lastFailure = why;
    }
    close();
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
