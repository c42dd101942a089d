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
   * The keys on which {@code sent} (key -> the last command's version and payload fingerprint) and
   * {@code erp} (key -> the row's) disagree, in key order: by version, or, where the versions are
   * equal and the command carried a payload, by fingerprint ({@link Drift.Kind#EDITED_IN_ERP}).
   */
  public static List<Drift> compare(
      Map<String, ErpVersions.Held> sent, Map<String, ErpVersions.Held> erp) {
    TreeSet<String> keys = new TreeSet<>(sent.keySet());
    keys.addAll(erp.keySet());
    List<Drift> drifts = new ArrayList<>();
    for (String key : keys) {
      ErpVersions.Held last = sent.get(key);
      ErpVersions.Held row = erp.get(key);
      Drift.Kind kind;
      if (row == null) {
        kind = Drift.Kind.MISSING_IN_ERP;
      } else if (last == null) {
        kind = Drift.Kind.UNKNOWN_TO_PIPELINE;
      } else if (row.version() < last.version()) {
        kind = Drift.Kind.BEHIND;
      } else if (row.version() > last.version()) {
        kind = Drift.Kind.AHEAD;
      } else if (last.fingerprint() != PayloadFingerprint.NONE
          && last.fingerprint() != row.fingerprint()) {
        kind = Drift.Kind.EDITED_IN_ERP;
      } else {
        continue;
      }
      drifts.add(
          new Drift(
              key, kind, last == null ? null : last.version(), row == null ? null : row.version()));
    }
    return drifts;
  }
}
