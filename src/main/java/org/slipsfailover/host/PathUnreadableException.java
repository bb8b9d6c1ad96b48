package org.slipsfailover.host;

/**
 * A path this user may not look at (not root, a folder of another user's): it could not be checked,
 * which says nothing about whether it is safe. Only root acts on the Slips folder.
 */
public final class PathUnreadableException extends RuntimeException {
  public PathUnreadableException(String message) {
    super(message);
  }
}
