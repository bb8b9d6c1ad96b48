package org.slipsfailover.install;

/** How a planned file compares with what is on the host. */
public enum Change {
  NEW,
  CHANGED,
  UNCHANGED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
