package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.ProcessCommands;

/**
 * A Pi that forwards, in network namespaces of the test's own: the Pi (with {@code ap0}, {@code
 * wlan0}, {@code docker0} and {@code eth0}), a client behind each of the first three, and the
 * upstream network behind {@code eth0}. The Pi forwards and NATs as create_ap does (IPv4
 * forwarding, MASQUERADE, FORWARD ACCEPT rules) and as Docker does (FORWARD policy DROP, MASQUERADE
 * of its bridge), through iptables-nft; IPv6 is forwarded without NAT.
 *
 * <p>Beside it, create_ap's bridge mode: a bridge {@code br0} on the Pi with the AP's port {@code
 * ap5} (a client behind it) and a LAN port {@code lan0} (a LAN host behind it), the Pi's own
 * address on the bridge. br_netfilter is off in the Pi's namespace, so that no iptables or inet
 * rule sees the bridged frames: only a table of the bridge family can stop them.
 *
 * <p>Streams are UDP datagrams (bash's {@code /dev/udp}), one every 10 ms; each receiving namespace
 * counts what reaches it, per port, in an nft counter of its own.
 */
final class ForwardingPath implements AutoCloseable {
  static final String UPSTREAM_V4 = "10.77.0.2";
  static final String UPSTREAM_V6 = "fd00:77::2";
  static final String AP_CLIENT_V4 = "192.168.12.10";
  static final String PI_AP_V4 = "192.168.12.1";

  /** Bridge mode: the LAN host, the client behind the AP's bridge port, the Pi on the bridge. */
  static final String LAN_V4 = "10.88.0.20";

  static final String BRIDGED_CLIENT_V4 = "10.88.0.10";
  static final String PI_BRIDGE_V4 = "10.88.0.1";

  /** Ports the counters count. */
  static final int FROM_AP = 9001;

  static final int FROM_WLAN = 9002;
  static final int FROM_DOCKER = 9003;
  static final int FROM_AP_V6 = 9004;
  static final int FROM_BRIDGED = 9005;
  static final int TO_AP_CLIENT = 9100;
  static final int TO_BRIDGED_CLIENT = 9101;
  static final int DNS = 53;
  static final int DHCP = 67;
  static final int SSH = 22;

  private static final Commands HOST = new ProcessCommands();
  private static final Pattern PACKETS = Pattern.compile("dport (\\d+) counter packets (\\d+)");

  final String pi;
  final String apClient;
  final String wlanClient;
  final String dockerClient;
  final String upstream;
  final String bridgedClient;
  final String lan;
  private final List<String> all;

  private ForwardingPath(String prefix) {
    pi = prefix + "-pi";
    apClient = prefix + "-ap";
    wlanClient = prefix + "-wl";
    dockerClient = prefix + "-dk";
    upstream = prefix + "-up";
    bridgedClient = prefix + "-bc";
    lan = prefix + "-ln";
    all = List.of(pi, apClient, wlanClient, dockerClient, upstream, bridgedClient, lan);
  }

  static ForwardingPath create() {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    ForwardingPath path = new ForwardingPath("sfw-g" + HexFormat.of().formatHex(random));
    try {
      path.build();
    } catch (RuntimeException | AssertionError e) {
      path.close();
      throw e;
    }
    return path;
  }

  private void build() {
    for (String ns : all) {
      ok(HOST.run("ip", "netns", "add", ns));
      sh(ns, "ip link set lo up");
    }
    sh(
        pi,
        String.join(
            "\n",
            "ip link add ap0 type veth peer name c0 netns " + apClient,
            "ip link add wlan0 type veth peer name c0 netns " + wlanClient,
            "ip link add docker0 type veth peer name c0 netns " + dockerClient,
            "ip link add eth0 type veth peer name u0 netns " + upstream,
            "ip addr add 192.168.12.1/24 dev ap0",
            "ip addr add fd00:12::1/64 dev ap0 nodad",
            "ip addr add 192.168.13.1/24 dev wlan0",
            "ip addr add 172.17.0.1/16 dev docker0",
            "ip addr add 10.77.0.1/24 dev eth0",
            "ip addr add fd00:77::1/64 dev eth0 nodad",
            "for i in ap0 wlan0 docker0 eth0; do ip link set $i up; done",
            "sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1",
            // Docker: FORWARD policy DROP, its bridge accepted and masqueraded.
            "iptables -w -P FORWARD DROP",
            "iptables -w -A FORWARD -i docker0 -j ACCEPT",
            "iptables -w -A FORWARD -o docker0 -j ACCEPT",
            "iptables -w -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
            // create_ap in NAT mode, once for the virtual ap0 and once for a --no-virt wlan0.
            natAsCreateAp("ap0", "192.168.12"),
            natAsCreateAp("wlan0", "192.168.13"),
            "ip6tables -w -P FORWARD ACCEPT",
            counters(DNS, DHCP, SSH)));
    client(apClient, "192.168.12.10/24", "192.168.12.1", TO_AP_CLIENT);
    sh(apClient, "ip addr add fd00:12::10/64 dev c0 nodad\nip -6 route add default via fd00:12::1");
    client(wlanClient, "192.168.13.10/24", "192.168.13.1", TO_AP_CLIENT);
    client(dockerClient, "172.17.0.2/16", "172.17.0.1", TO_AP_CLIENT);
    sh(
        upstream,
        String.join(
            "\n",
            "ip addr add 10.77.0.2/24 dev u0",
            "ip addr add fd00:77::2/64 dev u0 nodad",
            "ip link set u0 up",
            // So that the upstream can send to a client through the Pi (the return direction).
            "ip route add 192.168.12.0/24 via 10.77.0.1",
            "ip -6 route add fd00:12::/64 via fd00:77::1",
            counters(FROM_AP, FROM_WLAN, FROM_DOCKER, FROM_AP_V6)));
    buildBridge();
  }

  /** create_ap -m bridge: the AP's port and a LAN port in one bridge. */
  private void buildBridge() {
    sh(
        pi,
        String.join(
            "\n",
            // Per namespace: off here, whatever Docker set on the host.
            "if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then",
            "  sysctl -qw net.bridge.bridge-nf-call-iptables=0"
                + " net.bridge.bridge-nf-call-ip6tables=0",
            "fi",
            "ip link add br0 type bridge forward_delay 0",
            "ip link add ap5 type veth peer name c0 netns " + bridgedClient,
            "ip link add lan0 type veth peer name l0 netns " + lan,
            "ip link set ap5 master br0",
            "ip link set lan0 master br0",
            "ip addr add " + PI_BRIDGE_V4 + "/24 dev br0",
            "for i in br0 ap5 lan0; do ip link set $i up; done"));
    // Fixed addresses and neighbours, no IPv6 (its router solicitations and MLD reports would
    // be bridged too): the bridge carries the test's datagrams and nothing else.
    String clientMac = "02:88:00:00:00:10";
    String lanMac = "02:88:00:00:00:20";
    sh(
        bridgedClient,
        String.join(
            "\n",
            "sysctl -qw net.ipv6.conf.all.disable_ipv6=1",
            "ip link set c0 address " + clientMac,
            "ip addr add " + BRIDGED_CLIENT_V4 + "/24 dev c0",
            "ip link set c0 up",
            "ip neigh replace " + LAN_V4 + " lladdr " + lanMac + " dev c0 nud permanent",
            counters(TO_BRIDGED_CLIENT)));
    sh(
        lan,
        String.join(
            "\n",
            "sysctl -qw net.ipv6.conf.all.disable_ipv6=1",
            "ip link set l0 address " + lanMac,
            "ip addr add " + LAN_V4 + "/24 dev l0",
            "ip link set l0 up",
            "ip neigh replace "
                + BRIDGED_CLIENT_V4
                + " lladdr "
                + clientMac
                + " dev l0 nud permanent",
            counters(FROM_BRIDGED)));
  }

  private static String natAsCreateAp(String iface, String net) {
    return String.join(
        "\n",
        "iptables -w -t nat -I POSTROUTING -s " + net + ".0/24 ! -o " + iface + " -j MASQUERADE",
        "iptables -w -I FORWARD -i " + iface + " -s " + net + ".0/24 -j ACCEPT",
        "iptables -w -I FORWARD -i eth0 -d " + net + ".0/24 -j ACCEPT",
        "iptables -w -I INPUT -p udp -m udp --dport 53 -j ACCEPT",
        "iptables -w -I INPUT -p udp -m udp --dport 67 -j ACCEPT");
  }

  private void client(String ns, String address, String gateway, int countedPort) {
    sh(
        ns,
        String.join(
            "\n",
            "ip addr add " + address + " dev c0",
            "ip link set c0 up",
            "ip route add default via " + gateway,
            counters(countedPort)));
  }

  /** A table of the namespace's own that counts UDP and TCP arriving on these ports. */
  private static String counters(int... ports) {
    StringBuilder s =
        new StringBuilder(
            "nft add table inet sfwcount\n"
                + "nft add chain inet sfwcount in '{ type filter hook input priority 0; }'\n");
    for (int p : ports) {
      s.append("nft add rule inet sfwcount in meta l4proto { tcp, udp } th dport ")
          .append(p)
          .append(" counter\n");
    }
    return s.toString();
  }

  /**
   * Sends {@code packets} UDP datagrams from {@code ns} to {@code ip:port}, one every 10 ms. The
   * pause is a read with a timeout on an empty fifo: no process forked per packet.
   */
  void stream(String ns, String ip, int port, int packets) {
    sh(
        ns,
        "f=$(mktemp -u); mkfifo \"$f\"; exec 3<>\"$f\"; rm \"$f\"\n"
            + "for i in $(seq "
            + packets
            + "); do echo $i >/dev/udp/"
            + ip
            + "/"
            + port
            + " 2>/dev/null || true; read -t 0.01 -u 3 || true; done");
  }

  /** One TCP connection attempt (a SYN) to {@code ip:port}. */
  void connect(String ns, String ip, int port) {
    run(ns, "bash", "-c", "timeout 1 bash -c 'echo >/dev/tcp/" + ip + "/" + port + "' || true");
  }

  /** What reached {@code ns} on {@code port} so far. */
  long received(String ns, int port) {
    String rules = ok(run(ns, "nft", "list", "chain", "inet", "sfwcount", "in")).stdout();
    Matcher m = PACKETS.matcher(rules);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) == port) {
        return Long.parseLong(m.group(2));
      }
    }
    throw new AssertionError("no counter for port " + port + " in " + ns + ":\n" + rules);
  }

  /** The Pi's namespace, for netlink. */
  Optional<Path> piNetns() {
    return Optional.of(Path.of("/run/netns", pi));
  }

  /** nft in the Pi's namespace, as the gate runs it there. */
  List<String> nftOnPi() {
    return List.of("ip", "netns", "exec", pi, "nft");
  }

  String sh(String ns, String script) {
    return ok(run(ns, "bash", "-euc", script)).stdout();
  }

  CommandResult run(String ns, String... argv) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    command.addAll(List.of(argv));
    return HOST.run(command);
  }

  static CommandResult ok(CommandResult r) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isZero();
    return r;
  }

  @Override
  public void close() {
    for (String ns : all) {
      HOST.run("ip", "netns", "del", ns);
    }
  }
}
