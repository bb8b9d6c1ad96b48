/**
 * The owner's notifications, through Apprise: the runner's {@link
 * org.slipsfailover.supervise.ProtectionEvents} become changes in a small root-only spool, and a
 * sender of its own (a daemon thread in the runner, or {@code notify --flush}) turns them into a
 * few short messages, off the cut path, retried with backoff, coalesced and rate-limited.
 */
package org.slipsfailover.notify;
