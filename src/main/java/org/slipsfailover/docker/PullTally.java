package org.slipsfailover.docker;

import java.util.HashMap;
import java.util.Map;

/** Adds up the per-layer byte counts of a pull into one figure over all layers seen so far. */
final class PullTally {
  private record Layer(long current, long total) {}

  private final Map<String, Layer> layers = new HashMap<>();

  PullProgress add(String layerId, String status, Long current, Long total) {
    if (layerId != null && current != null && total != null && total > 0) {
      layers.put(layerId, new Layer(current, total));
    } else if (layerId != null && "Pull complete".equals(status)) {
      layers.computeIfPresent(layerId, (id, l) -> new Layer(l.total, l.total));
    }
    long done = layers.values().stream().mapToLong(Layer::current).sum();
    long all = layers.values().stream().mapToLong(Layer::total).sum();
    return new PullProgress(status == null ? "" : status, done, all);
  }
}
