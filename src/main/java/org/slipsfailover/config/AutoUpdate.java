package org.slipsfailover.config;

/**
 * How often {@code slips-failover update} runs by itself ({@code install --auto-update}): never
 * (the default), every night, or every Monday night. The timer's days are a calendar word of
 * systemd's, at 04:00 local time (the template): the swap closes the gate for Slips' start, which
 * the fewest clients notice then.
 */
public enum AutoUpdate {
  OFF("off", ""),
  DAILY("daily", "Mon..Sun"),
  WEEKLY("weekly", "Mon");

  private final String word;
  private final String days;

  AutoUpdate(String word, String days) {
    this.word = word;
    this.days = days;
  }

  /** daily, weekly or off, as {@code --auto-update} takes it. */
  public static AutoUpdate parse(String value) {
    for (AutoUpdate a : values()) {
      if (a.word.equals(value)) {
        return a;
      }
    }
    throw new BadInputException("--auto-update: '" + value + "' is none of daily, weekly, off");
  }

  /** As the option and the saved install say it. */
  public String word() {
    return word;
  }

  /** The weekdays of the timer's {@code OnCalendar=} (empty when off). */
  public String days() {
    return days;
  }
}
