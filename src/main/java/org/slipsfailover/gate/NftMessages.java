package org.slipsfailover.gate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The few nftables netlink messages the lease needs, built and read byte by byte, as {@code nft}
 * itself sends them (linux/netfilter/nf_tables.h, linux/netfilter/nfnetlink.h): a renewal or a
 * revoke is one batch, so one transaction, over both tables; the ruleset's generation is one
 * request. Headers are in the machine's byte order, values nftables keeps big-endian (timeouts, the
 * generation) in network order.
 */
final class NftMessages {
  // linux/netlink.h
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  private static final int NLM_F_REQUEST = 0x1;
  private static final int NLM_F_ACK = 0x4;
  private static final int NLM_F_CREATE = 0x400;
  private static final int NLA_F_NESTED = 0x8000;
  private static final int HEADER = 16; // struct nlmsghdr
  private static final int NFGENMSG = 4; // struct nfgenmsg

  // linux/netfilter/nfnetlink.h
  private static final int NFNL_MSG_BATCH_BEGIN = 16;
  private static final int NFNL_MSG_BATCH_END = 17;
  private static final int NFNL_SUBSYS_NFTABLES = 10;

  // linux/netfilter/nf_tables.h
  private static final int NFT_MSG_NEWSETELEM = 12;
  private static final int NFT_MSG_DELSETELEM = 14;
  static final int NFT_MSG_NEWGEN = 15;
  private static final int NFT_MSG_GETGEN = 16;
  private static final int NFTA_SET_ELEM_LIST_TABLE = 1;
  private static final int NFTA_SET_ELEM_LIST_SET = 2;
  private static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
  private static final int NFTA_LIST_ELEM = 1;
  private static final int NFTA_SET_ELEM_KEY = 1;
  private static final int NFTA_SET_ELEM_TIMEOUT = 4;
  private static final int NFTA_DATA_VALUE = 1;
  private static final int NFTA_GEN_ID = 1;

  // linux/netfilter.h: the families of the gate's two tables
  private static final int NFPROTO_UNSPEC = 0;
  private static final int NFPROTO_INET = 1;
  private static final int NFPROTO_BRIDGE = 7;

  /**
   * The lease's one element: "numgen inc mod 1" is a 32-bit number, always 0, so its bytes read the
   * same in either order.
   */
  private static final byte[] LEASE_KEY = new byte[4];

  private NftMessages() {}

  /**
   * Both leases emptied and their element put back with this timeout, in one batch: open for that
   * long, both tables or neither. Emptied first because re-adding an element does not reset its
   * timeout on older kernels (the Pi's). Messages are numbered from {@code firstSeq}; the last one
   * is {@link #lastOfRenewal}.
   */
  static byte[] renew(int firstSeq, Duration timeout) {
    return renew(firstSeq, timeout, GateTable.FAMILIES);
  }

  /** The same, over the tables of these families ({@link GateTable#FAMILIES}) only. */
  static byte[] renew(int firstSeq, Duration timeout, List<String> families) {
    ByteBuffer b = buffer();
    int seq = firstSeq;
    batchBegin(b, seq - 1);
    for (int i = 0; i < families.size(); i++) {
      int family = family(families.get(i));
      flushLease(b, family, seq++, false);
      boolean last = i == families.size() - 1;
      int start =
          begin(b, nft(NFT_MSG_NEWSETELEM), NLM_F_REQUEST | NLM_F_CREATE | ack(last), seq++);
      nfgen(b, family);
      names(b);
      int elements = beginNested(b, NFTA_SET_ELEM_LIST_ELEMENTS);
      int element = beginNested(b, NFTA_LIST_ELEM);
      int key = beginNested(b, NFTA_SET_ELEM_KEY);
      attribute(b, NFTA_DATA_VALUE, LEASE_KEY);
      endNested(b, key);
      attribute(
          b,
          NFTA_SET_ELEM_TIMEOUT,
          ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(timeout.toMillis()).array());
      endNested(b, element);
      endNested(b, elements);
      end(b, start);
    }
    batchEnd(b, seq);
    return bytes(b);
  }

  /**
   * Both leases emptied in one batch: closed. Numbered from {@code firstSeq}, see {@link
   * #lastOfRevoke}.
   */
  static byte[] revoke(int firstSeq) {
    return revoke(firstSeq, GateTable.FAMILIES);
  }

  /** The same, over the tables of these families only. */
  static byte[] revoke(int firstSeq, List<String> families) {
    ByteBuffer b = buffer();
    int seq = firstSeq;
    batchBegin(b, seq - 1);
    for (int i = 0; i < families.size(); i++) {
      flushLease(b, family(families.get(i)), seq++, i == families.size() - 1);
    }
    batchEnd(b, seq);
    return bytes(b);
  }

  /**
   * The number of a batch's last message, the only one that asks for an acknowledgement. The kernel
   * answers a batch in the order of its messages: first an error for each message it refused
   * (whether or not it asked), last the answer to the last one. So that answer ends it.
   */
  static int lastOfRenewal(int firstSeq, int tables) {
    return firstSeq + 2 * tables - 1;
  }

  static int lastOfRevoke(int firstSeq, int tables) {
    return firstSeq + tables - 1;
  }

  /** The numbers a batch uses, with its begin and end. */
  static int renewalNumbers(int tables) {
    return 2 * tables + 2;
  }

  static int revokeNumbers(int tables) {
    return tables + 2;
  }

  private static int family(String name) {
    return switch (name) {
      case GateTable.FAMILY -> NFPROTO_INET;
      case GateTable.BRIDGE_FAMILY -> NFPROTO_BRIDGE;
      default -> throw new IllegalArgumentException("not a family of the gate: " + name);
    };
  }

  private static int ack(boolean wanted) {
    return wanted ? NLM_F_ACK : 0;
  }

  /** Asks for the ruleset's generation: a number every committed change to any table bumps. */
  static byte[] getGeneration(int seq) {
    ByteBuffer b = buffer();
    int start = begin(b, nft(NFT_MSG_GETGEN), NLM_F_REQUEST, seq);
    nfgen(b, NFPROTO_UNSPEC);
    end(b, start);
    return bytes(b);
  }

  /** One message of an answer from the kernel. */
  record Answer(int type, int seq, int error, OptionalLong generation) {}

  /** An answer whose lengths do not add up: nothing in it can be trusted, nor what follows. */
  static final class MalformedAnswer extends IOException {
    MalformedAnswer(String why) {
      super("malformed answer from the kernel: " + why);
    }
  }

  /**
   * The messages in one datagram from the kernel. Every length is checked before what it covers is
   * read: a message's against its header and what is left of the datagram, an attribute's against
   * its own header and what is left of its message.
   */
  static List<Answer> read(byte[] datagram) throws MalformedAnswer {
    ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
    List<Answer> answers = new ArrayList<>();
    while (b.hasRemaining()) {
      int start = b.position();
      if (b.remaining() < HEADER) {
        throw new MalformedAnswer(b.remaining() + " bytes left, less than a message header");
      }
      int length = b.getInt();
      int type = b.getShort() & 0xffff;
      b.getShort(); // flags
      int seq = b.getInt();
      b.getInt(); // port id
      if (length < HEADER || length > datagram.length - start) {
        throw new MalformedAnswer(
            "a message of " + length + " bytes where " + (datagram.length - start) + " are left");
      }
      int error = 0;
      OptionalLong generation = OptionalLong.empty();
      if (type == NLMSG_ERROR) {
        if (length < HEADER + 4) {
          throw new MalformedAnswer("an error message of " + length + " bytes");
        }
        error = b.getInt(); // 0 acknowledges; a negative errno refuses
      } else if (type == nft(NFT_MSG_NEWGEN)) {
        if (length < HEADER + NFGENMSG) {
          throw new MalformedAnswer("a generation message of " + length + " bytes");
        }
        generation = generationIn(b, start + HEADER + NFGENMSG, start + length);
      }
      answers.add(new Answer(type, seq, error, generation));
      b.position(Math.min(datagram.length, start + align(length)));
    }
    return answers;
  }

  private static OptionalLong generationIn(ByteBuffer b, int from, int to) throws MalformedAnswer {
    OptionalLong found = OptionalLong.empty();
    int at = from;
    while (at < to) {
      if (to - at < 4) {
        throw new MalformedAnswer((to - at) + " bytes left, less than an attribute header");
      }
      int length = b.getShort(at) & 0xffff;
      int type = b.getShort(at + 2) & 0x3fff;
      if (length < 4 || length > to - at) {
        throw new MalformedAnswer(
            "an attribute of " + length + " bytes where " + (to - at) + " are left");
      }
      if (type == NFTA_GEN_ID && length >= 8 && found.isEmpty()) {
        found = OptionalLong.of(Integer.toUnsignedLong(b.duplicate().getInt(at + 4))); // big-endian
      }
      at += align(length);
    }
    return found;
  }

  private static void flushLease(ByteBuffer b, int family, int seq, boolean acknowledged) {
    // A delete without elements empties the set: what "flush set" sends.
    int start = begin(b, nft(NFT_MSG_DELSETELEM), NLM_F_REQUEST | ack(acknowledged), seq);
    nfgen(b, family);
    names(b);
    end(b, start);
  }

  private static void names(ByteBuffer b) {
    attribute(b, NFTA_SET_ELEM_LIST_TABLE, cString(GateTable.NAME));
    attribute(b, NFTA_SET_ELEM_LIST_SET, cString(GateTable.LEASE_SET));
  }

  private static void batchBegin(ByteBuffer b, int seq) {
    batchMark(b, NFNL_MSG_BATCH_BEGIN, seq);
  }

  private static void batchEnd(ByteBuffer b, int seq) {
    batchMark(b, NFNL_MSG_BATCH_END, seq);
  }

  /** A batch's begin or end: its resource id (big-endian) names the subsystem. */
  private static void batchMark(ByteBuffer b, int type, int seq) {
    int start = begin(b, type, NLM_F_REQUEST, seq);
    b.put((byte) NFPROTO_UNSPEC).put((byte) 0).putShort(bigEndian(NFNL_SUBSYS_NFTABLES));
    end(b, start);
  }

  /** A message of nftables' own: the subsystem in the type's high byte. */
  private static int nft(int type) {
    return (NFNL_SUBSYS_NFTABLES << 8) | type;
  }

  private static int begin(ByteBuffer b, int type, int flags, int seq) {
    int start = b.position();
    b.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
    return start;
  }

  private static void nfgen(ByteBuffer b, int family) {
    b.put((byte) family).put((byte) 0).putShort((short) 0); // version 0, resource id 0
  }

  private static void end(ByteBuffer b, int start) {
    b.putInt(start, b.position() - start);
  }

  private static void attribute(ByteBuffer b, int type, byte[] value) {
    b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
    pad(b);
  }

  private static int beginNested(ByteBuffer b, int type) {
    int start = b.position();
    b.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
    return start;
  }

  private static void endNested(ByteBuffer b, int start) {
    b.putShort(start, (short) (b.position() - start));
  }

  private static void pad(ByteBuffer b) {
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  private static int align(int length) {
    return (length + 3) & ~3;
  }

  private static short bigEndian(int value) {
    return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
        ? (short) value
        : Short.reverseBytes((short) value);
  }

  private static byte[] cString(String s) {
    byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(ascii, ascii.length + 1); // NUL-terminated
  }

  private static ByteBuffer buffer() {
    return ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());
  }

  private static byte[] bytes(ByteBuffer b) {
    return Arrays.copyOf(b.array(), b.position());
  }
}
