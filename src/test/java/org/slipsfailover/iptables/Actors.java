package org.slipsfailover.iptables;

/**
 * What the programs that share the Pi's netfilter tables do to them, as shell run inside a test
 * namespace. The rule shapes are those of the programs themselves.
 */
final class Actors {
  private Actors() {}

  static final String AP_SUBNET = "192.168.12.0/24";

  /**
   * create_ap (linux-wifi-hotspot) in NAT mode with gateway 192.168.12.1 and its dnsmasq on port
   * 5353 ({@code --no-virt}, so the wifi interface keeps its name): each rule inserted with -I on
   * start, each deleted once with -D on stop.
   */
  static String createAp(String op) {
    String redirect =
        "-s 192.168.12.0/24 -d 192.168.12.1 -p %1$s -m %1$s --dport 53 -j REDIRECT --to-ports 5353";
    return String.join(
        "\n",
        "iptables -w -t nat " + op + " POSTROUTING -s 192.168.12.0/24 ! -o wlan0 -j MASQUERADE",
        "iptables -w " + op + " FORWARD -i wlan0 -s 192.168.12.0/24 -j ACCEPT",
        "iptables -w " + op + " FORWARD -i eth0 -d 192.168.12.0/24 -j ACCEPT",
        "iptables -w " + op + " INPUT -p tcp -m tcp --dport 5353 -j ACCEPT",
        "iptables -w " + op + " INPUT -p udp -m udp --dport 5353 -j ACCEPT",
        "iptables -w -t nat " + op + " PREROUTING " + String.format(redirect, "tcp"),
        "iptables -w -t nat " + op + " PREROUTING " + String.format(redirect, "udp"),
        "iptables -w " + op + " INPUT -p udp -m udp --dport 67 -j ACCEPT");
  }

  static final String CREATE_AP_START = createAp("-I");
  static final String CREATE_AP_STOP = createAp("-D");

  /**
   * dockerd starting with its default bridge: it creates its chains when they are missing, flushes
   * and refills them, adds each jump from a built-in chain unless it is there already, and sets
   * FORWARD's policy to DROP. IPv4 and IPv6.
   */
  static final String DOCKER_START =
"""
for ipt in iptables ip6tables; do
  for c in DOCKER DOCKER-USER DOCKER-FORWARD DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2; do
    $ipt -w -N $c 2>/dev/null || true
    $ipt -w -F $c
  done
  $ipt -w -A DOCKER-USER -j RETURN
  $ipt -w -A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1
  $ipt -w -A DOCKER-FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  $ipt -w -A DOCKER-FORWARD -o docker0 -j DOCKER
  $ipt -w -A DOCKER-FORWARD -i docker0 -j ACCEPT
  $ipt -w -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
  $ipt -w -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
  $ipt -w -C FORWARD -j DOCKER-FORWARD 2>/dev/null || $ipt -w -I FORWARD -j DOCKER-FORWARD
  $ipt -w -C FORWARD -j DOCKER-USER 2>/dev/null || $ipt -w -I FORWARD -j DOCKER-USER
  $ipt -w -P FORWARD DROP
  $ipt -w -t nat -N DOCKER 2>/dev/null || true
  $ipt -w -t nat -F DOCKER
  $ipt -w -t nat -A DOCKER -i docker0 -j RETURN
  $ipt -w -t nat -C PREROUTING -m addrtype --dst-type LOCAL -j DOCKER 2>/dev/null \\
    || $ipt -w -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
done
iptables -w -t nat -C POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE 2>/dev/null \\
  || iptables -w -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
""";

  /**
   * Slips with blocking on: creates its chain, jumps to it from INPUT, OUTPUT and FORWARD unless a
   * jump is there already (it checks before inserting), then blocks from and to each attacker.
   */
  static String slipsBlocks(String ipt, String... attackers) {
    StringBuilder sh = new StringBuilder();
    sh.append(ipt).append(" -w -N slipsBlocking 2>/dev/null || true\n");
    for (String chain : new String[] {"INPUT", "OUTPUT", "FORWARD"}) {
      String jump = chain + " -j slipsBlocking";
      sh.append(ipt + " -w -C " + jump + " 2>/dev/null || " + ipt + " -w -I " + jump + "\n");
    }
    for (String ip : attackers) {
      sh.append(ipt + " -w -A slipsBlocking -s " + ip + " -j DROP\n");
      sh.append(ipt + " -w -A slipsBlocking -d " + ip + " -j DROP\n");
    }
    return sh.toString();
  }
}
