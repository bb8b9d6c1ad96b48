package org.slipsfailover.status;

import java.util.List;
import java.util.Optional;

/**
 * What Slips found in its current run, as its own files and its iptables chain say. Every text
 * field comes from a file a root container writes: it is escaped ({@code host.OneLine}) when read.
 *
 * @param alertsFile the file read, relative to the output folder; empty when none was found
 * @param alerts alerts (IDMEFv2 "Incident", or IDEA0 entries of older Slips) in what was read
 * @param evidence evidence (IDMEFv2 "Event") in what was read
 * @param complete whether the whole file was read (else the counts cover only its last part)
 * @param last the last few entries, oldest first
 * @param blocked the addresses in Slips' {@code slipsBlocking} chain now; empty when unreadable
 */
public record SlipsFindings(
    Optional<String> alertsFile,
    int alerts,
    int evidence,
    boolean complete,
    List<Entry> last,
    Optional<List<String>> blocked) {

  public static final SlipsFindings NONE =
      new SlipsFindings(Optional.empty(), 0, 0, true, List.of(), Optional.empty());

  /** One line of alerts.json: when, from whom, what (already escaped). */
  public record Entry(String time, String source, String description) {}

  SlipsFindings withBlocked(Optional<List<String>> addresses) {
    return new SlipsFindings(alertsFile, alerts, evidence, complete, last, addresses);
  }
}
