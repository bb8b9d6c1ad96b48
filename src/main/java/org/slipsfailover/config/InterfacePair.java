package org.slipsfailover.config;

/** The access point's wifi interface and the interface that reaches the internet. */
public record InterfacePair(String wifi, String eth) {

  public InterfacePair {
    InterfaceName.check(wifi);
    InterfaceName.check(eth);
    if (wifi.equals(eth)) {
      throw new BadInputException("wifi and ethernet interface are both '" + wifi + "'");
    }
  }

  /** Parses the command line's {@code <wifi>,<eth>}. */
  public static InterfacePair parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 2) {
      throw new BadInputException(
          "expected <wifi>,<eth> (for example wlan0,eth0), got '"
              + InterfaceName.printable(text)
              + "'");
    }
    return new InterfacePair(parts[0], parts[1]);
  }

  /** The form Slips' {@code -ap} flag and our own command line take. */
  @Override
  public String toString() {
    return wifi + "," + eth;
  }
}
