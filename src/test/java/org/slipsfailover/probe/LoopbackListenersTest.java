package org.slipsfailover.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.host.TcpListeners;

/**
 * The kernel's socket diagnostics against the text tables of {@code /proc/net}, on this machine's
 * kernel, with listeners of the test's own: both readers must name the same sockets, since the
 * probe uses the first where it can and the second where it cannot.
 */
class LoopbackListenersTest {
  private final ProcFs proc = new ProcFs(HostRoot.live());

  @Test
  void theKernelAndTheTablesNameTheSameListenersOfThePort() throws IOException {
    try (ServerSocket v4 = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        ServerSocketChannel wildcard = ServerSocketChannel.open()) {
      int port = v4.getLocalPort();
      LoopbackListeners kernel = LoopbackListeners.of(proc);
      LoopbackListeners tables = LoopbackListeners.tables(proc);

      assertThat(kernel.on(port)).hasSize(1).isEqualTo(tables.on(port));

      // An IPv6 wildcard on a port of its own (tcp6), and nothing else on the first one.
      wildcard.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
      int other = ((InetSocketAddress) wildcard.getLocalAddress()).getPort();
      assertThat(kernel.on(other)).hasSize(1).isEqualTo(tables.on(other));
      assertThat(kernel.on(port))
          .isEqualTo(tables.on(port))
          .doesNotContainAnyElementsOf(kernel.on(other));
    }
  }

  @Test
  void aListenerThatLoopbackConnectionsCannotReachIsNotNamed() throws IOException {
    // An IPv4 socket (AF_INET, in net/tcp): Java's own are IPv6 ones unless asked.
    try (ServerSocketChannel elsewhere = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
      elsewhere.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      int port = ((InetSocketAddress) elsewhere.getLocalAddress()).getPort();
      Optional<TcpListeners> kernel = TcpListeners.open();
      assertThat(kernel).as("the kernel's socket diagnostics answer on this machine").isPresent();
      try (TcpListeners k = kernel.get()) {
        assertThat(k.on(port))
            .singleElement()
            .satisfies(l -> assertThat(l.address()).containsExactly(127, 0, 0, 2));
      }
      assertThat(LoopbackListeners.of(proc).on(port)).isEmpty();
      assertThat(LoopbackListeners.tables(proc).on(port)).isEmpty();
    }
  }
}
