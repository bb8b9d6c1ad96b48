package org.slipsfailover.gate;

import java.time.Duration;

/**
 * The gate as the runner left it.
 *
 * @param open true while the lease holds
 * @param leaseLeft how long it holds yet without a renewal (zero when closed)
 * @param closedWhy why it is closed (empty when open)
 */
public record GateState(boolean open, Duration leaseLeft, String closedWhy) {}
