/**
 * Whether Slips protects right now: its container runs, its Redis answers and a Zeek watches each
 * interface of the pair. The runner probes every second; {@code failover status} probes once.
 */
package org.slipsfailover.probe;
