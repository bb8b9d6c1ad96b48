package org.slipsfailover.supervise;

import java.util.Optional;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.UninstallMarker;

/**
 * The access points as the runner and {@code cut-ap} see them: cutting does nothing while {@code
 * failover uninstall} stops the service, since the owner is taking the failover off on purpose.
 * Every other stop cuts.
 */
public final class LeaveApUpDuringUninstall implements AccessPoints {
  private final AccessPoints accessPoints;
  private final UninstallMarker marker;

  public LeaveApUpDuringUninstall(AccessPoints accessPoints, UninstallMarker marker) {
    this.accessPoints = accessPoints;
    this.marker = marker;
  }

  @Override
  public Optional<RunningAp> find(InterfacePair pair) {
    return accessPoints.find(pair);
  }

  @Override
  public Optional<RunningAp> findServing(InterfacePair pair) {
    return accessPoints.findServing(pair);
  }

  @Override
  public CutOutcome cut(InterfacePair pair) {
    Optional<Long> uninstall = marker.activeUninstall();
    if (uninstall.isPresent()) {
      // The caller logs it, once.
      return CutOutcome.leftUpOnPurpose(
          "left as it is: failover uninstall (pid "
              + uninstall.get()
              + ") is taking the failover off");
    }
    return accessPoints.cut(pair);
  }
}
