package org.slipsfailover.cli;

/** Entry point; the real work is in {@link FailoverCommand}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(FailoverCommand.execute(args, System.out, System.err));
  }
}
