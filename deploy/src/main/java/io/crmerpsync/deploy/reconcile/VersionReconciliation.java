package io.crmerpsync.deploy.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares, key by key, the version of the pipeline's last ERP command with the {@code
 * source_version} of the ERP's interface row. In step means equal: the sink applies a command only
 * when its version is newer than the row's, so after the pipeline has delivered everything both are
 * the same for every key.
 */
public final class VersionReconciliation {
  private VersionReconciliation() {}

  /**
   * The keys on which {@code sent} (key -> version of the last command) and {@code erp} (key -> the
   * row's version) disagree, in key order.
   */
  public static List<Drift> compare(Map<String, Long> sent, Map<String, Long> erp) {
    return compare(sent, erp, java.util.Set.of());
  }

  /**
   * As {@link #compare(Map, Map)}, and the keys of {@code edited}, whose versions are equal, as
   * {@link Drift.Kind#EDITED_IN_ERP}.
   */
  public static List<Drift> compare(
      Map<String, Long> sent, Map<String, Long> erp, java.util.Set<String> edited) {
    TreeSet<String> keys = new TreeSet<>(sent.keySet());
    keys.addAll(erp.keySet());
    List<Drift> drifts = new ArrayList<>();
    for (String key : keys) {
      Long sentVersion = sent.get(key);
      Long erpVersion = erp.get(key);
      Drift.Kind kind;
      if (erpVersion == null) {
        kind = Drift.Kind.MISSING_IN_ERP;
      } else if (sentVersion == null) {
        kind = Drift.Kind.UNKNOWN_TO_PIPELINE;
      } else if (erpVersion < sentVersion) {
        kind = Drift.Kind.BEHIND;
      } else if (erpVersion > sentVersion) {
        kind = Drift.Kind.AHEAD;
      } else if (edited.contains(key)) {
        kind = Drift.Kind.EDITED_IN_ERP;
      } else {
        continue;
      }
      drifts.add(new Drift(key, kind, sentVersion, erpVersion));
    }
    return drifts;
  }
}
