package org.slipsfailover.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.OneLine;

/**
 * The addresses Slips blocks now: the rules of its {@code slipsBlocking} chain (Slips' blocking
 * module, {@code -p}; iptables only, kept across starts), read with {@code iptables -w -S} through
 * {@link Commands} and its time limit.
 */
final class BlockChain {
  static final String CHAIN = "slipsBlocking";

  private BlockChain() {}

  /** Empty when the chain cannot be read (no root, no such chain: Slips runs without -p). */
  static Optional<List<String>> read(Commands commands) {
    CommandResult r = commands.run("iptables", "-w", "-S", CHAIN);
    return r.ok() ? Optional.of(parse(r.stdout())) : Optional.empty();
  }

  /** "-A slipsBlocking -s 1.2.3.4/32 -j DROP" gives "from 1.2.3.4/32"; "-d" gives "to ...". */
  static List<String> parse(String rules) {
    List<String> out = new ArrayList<>();
    for (String line : rules.lines().toList()) {
      String[] words = line.strip().split("\\s+");
      if (words.length < 2 || !words[0].equals("-A") || !words[1].equals(CHAIN)) {
        continue;
      }
      for (int i = 2; i + 1 < words.length; i++) {
        if (words[i].equals("-s") || words[i].equals("-d")) {
          out.add((words[i].equals("-s") ? "from " : "to ") + OneLine.of(words[i + 1]));
        }
      }
    }
    return out;
  }
}
