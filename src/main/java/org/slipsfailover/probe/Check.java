package org.slipsfailover.probe;

/**
 * One probe's answer.
 *
 * @param name what was probed: "container", "redis", "zeek wlan0"
 * @param detail what was seen, in a few words, good or bad
 */
public record Check(String name, boolean ok, String detail) {

  static Check ok(String name, String detail) {
    return new Check(name, true, detail);
  }

  static Check failed(String name, String detail) {
    return new Check(name, false, detail);
  }

  /** "zeek wlan0: no 'zeek -i wlan0' runs in the container". */
  public String describe() {
    return name + ": " + detail;
  }
}
