package org.slipsfailover.probe;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.TcpListeners;

/**
 * The sockets listening where a connection to 127.0.0.1:port may land, in the runner's network
 * namespace: on 127.0.0.1 or 0.0.0.0 (IPv4), {@code ::ffff:127.0.0.1} or {@code ::} (IPv6). Asked
 * at every probe ({@link RedisOwner}).
 *
 * <p>Two readers of the same kernel table: the kernel's socket diagnostics ({@link TcpListeners}),
 * which hand the port's listeners alone, on the live machine; and the text tables {@code
 * /proc/net/tcp} and {@code tcp6}, which list every socket of the namespace (milliseconds a read on
 * a busy machine), for a fake {@code /proc} of a test and wherever the first cannot be asked.
 */
interface LoopbackListeners {

  /** The inodes of the listening sockets a connection to 127.0.0.1:{@code port} may reach. */
  Set<Long> on(int port);

  /** The kernel's socket diagnostics for the live {@code /proc}, else its tables. */
  static LoopbackListeners of(ProcFs proc) {
    LoopbackListeners tables = tables(proc);
    if (!proc.isLive()) {
      return tables;
    }
    return new LoopbackListeners() {
      // Opened at the first question; never again once it could not be (no sock_diag here).
      private Optional<TcpListeners> kernel;

      @Override
      public synchronized Set<Long> on(int port) {
        if (kernel == null) {
          kernel = TcpListeners.open();
        }
        if (kernel.isPresent()) {
          try {
            Set<Long> inodes = new TreeSet<>();
            for (TcpListeners.Listener l : kernel.get().on(port)) {
              if (reachesLoopback(l.address()) && l.inode() > 0) {
                inodes.add(l.inode());
              }
            }
            return inodes;
          } catch (IOException e) {
            // A failed question (its socket closed, the next one opens anew): the tables answer.
          }
        }
        return tables.on(port);
      }
    };
  }

  /** The text tables {@code net/tcp} and {@code net/tcp6} of this {@code /proc}. */
  static LoopbackListeners tables(ProcFs proc) {
    return port -> {
      Set<Long> inodes = new TreeSet<>();
      // Only lines that name the port and LISTEN are split: a busy machine has hundreds of sockets.
      String local = String.format(":%04X ", port);
      for (String table : List.of("tcp", "tcp6")) {
        for (String line : proc.netTable(table).split("\n")) {
          if (line.contains(local) && line.contains(" " + Tables.LISTEN + " ")) {
            Tables.listening(line.trim().split("\\s+"), port).ifPresent(inodes::add);
          }
        }
      }
      return inodes;
    };
  }

  /** Whether a listener on this address takes connections to 127.0.0.1. */
  static boolean reachesLoopback(byte[] a) {
    return Arrays.equals(a, Tables.V4_LOOPBACK)
        || Arrays.equals(a, Tables.V4_ANY)
        || Arrays.equals(a, Tables.V6_ANY)
        || Arrays.equals(a, Tables.V6_MAPPED_LOOPBACK);
  }

  /** The text of {@code /proc/net/tcp}: one socket a line, addresses in hex. */
  final class Tables {
    private static final String LISTEN = "0A";
    private static final byte[] V4_LOOPBACK = {127, 0, 0, 1};
    private static final byte[] V4_ANY = new byte[4];
    private static final byte[] V6_ANY = new byte[16];
    private static final byte[] V6_MAPPED_LOOPBACK = {
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1
    };

    private Tables() {}

    private static OptionalLong listening(String[] fields, int port) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
      if (fields.length < 10 || !fields[3].equals(LISTEN)) {
        return OptionalLong.empty();
      }
      int colon = fields[1].indexOf(':');
      try {
        if (colon < 0 || Integer.parseInt(fields[1].substring(colon + 1), 16) != port) {
          return OptionalLong.empty();
        }
        byte[] address = address(fields[1].substring(0, colon));
        long inode = Long.parseLong(fields[9]);
        return reachesLoopback(address) && inode > 0
            ? OptionalLong.of(inode)
            : OptionalLong.empty();
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }

    /** The kernel prints an address as 32-bit words in the machine's byte order. */
    static byte[] address(String hex) {
      if (hex.length() != 8 && hex.length() != 32) {
        throw new NumberFormatException("not an address: " + hex);
      }
      byte[] bytes = new byte[hex.length() / 2];
      boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
      for (int word = 0; word < bytes.length / 4; word++) {
        for (int i = 0; i < 4; i++) {
          int at = word * 8 + (little ? (3 - i) : i) * 2;
          bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
        }
      }
      return bytes;
    }
  }
}
