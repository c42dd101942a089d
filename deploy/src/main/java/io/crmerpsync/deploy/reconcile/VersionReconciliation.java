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
    return compare(sent, erp, Map.of());
  }

  /**
   * As {@link #compare(Map, Map)}, where a key without an interface row is in step when {@code
   * imported} (key -> the version the ERP's importer reported imported) holds the version last sent
   * or a later one: the importer took it and removed its row ({@link #removedAfterImport(Map, Map,
   * Map)}).
   */
  public static List<Drift> compare(
      Map<String, ErpVersions.Held> sent,
      Map<String, ErpVersions.Held> erp,
      Map<String, Long> imported) {
    TreeSet<String> keys = new TreeSet<>(sent.keySet());
    keys.addAll(erp.keySet());
    List<Drift> drifts = new ArrayList<>();
    for (String key : keys) {
      ErpVersions.Held last = sent.get(key);
      ErpVersions.Held row = erp.get(key);
      Drift.Kind kind;
      if (row == null && removedAfterImport(last, imported.get(key))) {
        continue;
      } else if (row == null) {
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

  /**
   * The keys sent whose interface row is gone after the importer reported the version last sent (or
   * a later one) imported: removed by an importer that purges what it processed, not drift.
   */
  public static long removedAfterImport(
      Map<String, ErpVersions.Held> sent,
      Map<String, ErpVersions.Held> erp,
      Map<String, Long> imported) {
    return sent.entrySet().stream()
        .filter(e -> !erp.containsKey(e.getKey()))
        .filter(e -> removedAfterImport(e.getValue(), imported.get(e.getKey())))
        .count();
  }

  private static boolean removedAfterImport(ErpVersions.Held last, Long importedVersion) {
    return last != null && importedVersion != null && importedVersion >= last.version();
  }
}
