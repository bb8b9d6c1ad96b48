package org.slipsfailover.units;

/** A template that cannot be rendered: an unknown placeholder, a value that cannot be quoted. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }
}
