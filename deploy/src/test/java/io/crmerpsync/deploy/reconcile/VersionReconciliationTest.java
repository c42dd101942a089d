package io.crmerpsync.deploy.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionReconciliationTest {

  @Test
  void shouldReportNoDriftWhenEveryKeyHasTheVersionLastSent() {
    assertThat(
            VersionReconciliation.compare(
                held(Map.of("1", 3L, "2", 1L)), held(Map.of("1", 3L, "2", 1L))))
        .isEmpty();
  }

  @Test
  void shouldNameEachKindOfDriftPerKeyInKeyOrder() {
    Map<String, Long> sent = Map.of("1", 3L, "2", 5L, "3", 2L, "4", 7L);
    Map<String, Long> erp = Map.of("2", 4L, "3", 9L, "4", 7L, "9", 1L);

    assertThat(VersionReconciliation.compare(held(sent), held(erp)))
        .containsExactly(
            new Drift("1", Drift.Kind.MISSING_IN_ERP, 3L, null),
            new Drift("2", Drift.Kind.BEHIND, 5L, 4L),
            new Drift("3", Drift.Kind.AHEAD, 2L, 9L),
            new Drift("9", Drift.Kind.UNKNOWN_TO_PIPELINE, null, 1L));
  }

  @Test
  void shouldRepairByResyncOnlyWhatTheErpLostOrHasOlder() {
    assertThat(Drift.Kind.MISSING_IN_ERP.repairedByResync()).isTrue();
    assertThat(Drift.Kind.BEHIND.repairedByResync()).isTrue();
    assertThat(Drift.Kind.AHEAD.repairedByResync()).isFalse();
    assertThat(Drift.Kind.UNKNOWN_TO_PIPELINE.repairedByResync()).isFalse();
  }

  @Test
  void shouldReportAnEditedRowOnlyWhereTheVersionsAreEqualAndTheCommandCarriedAPayload() {
    Map<String, ErpVersions.Held> sent =
        Map.of(
            "1", new ErpVersions.Held(2, 11),
            "2", new ErpVersions.Held(5, 11),
            "3", new ErpVersions.Held(3, PayloadFingerprint.NONE),
            "4", new ErpVersions.Held(4, 11));
    Map<String, ErpVersions.Held> erp =
        Map.of(
            "1", new ErpVersions.Held(2, 12),
            "2", new ErpVersions.Held(4, 12),
            "3", new ErpVersions.Held(3, 12),
            "4", new ErpVersions.Held(4, 11));

    assertThat(VersionReconciliation.compare(sent, erp))
        .containsExactly(
            new Drift("1", Drift.Kind.EDITED_IN_ERP, 2L, 2L),
            new Drift("2", Drift.Kind.BEHIND, 5L, 4L));
    assertThat(Drift.Kind.EDITED_IN_ERP.repairedByResync()).isTrue();
  }

  @Test
  void shouldTakeARowRemovedAfterTheImporterTookTheVersionLastSentAsInStep() {
    Map<String, ErpVersions.Held> sent = held(Map.of("1", 3L, "2", 5L, "3", 2L, "4", 7L));
    Map<String, ErpVersions.Held> erp = held(Map.of("4", 7L));
    // 1: imported at the version sent, row removed; 2: imported at an older version only;
    // 3: imported at a later version (its command still on its way); 4: row still there.
    Map<String, Long> imported = Map.of("1", 3L, "2", 4L, "3", 3L, "4", 7L);

    assertThat(VersionReconciliation.compare(sent, erp, imported))
        .containsExactly(new Drift("2", Drift.Kind.MISSING_IN_ERP, 5L, null));
    assertThat(VersionReconciliation.removedAfterImport(sent, erp, imported)).isEqualTo(2);
    assertThat(VersionReconciliation.removedAfterImport(sent, erp, Map.of())).isZero();
  }

  /** Versions without a payload fingerprint. */
  private static Map<String, ErpVersions.Held> held(Map<String, Long> versions) {
    Map<String, ErpVersions.Held> held = new java.util.HashMap<>();
    versions.forEach(
        (key, version) -> held.put(key, new ErpVersions.Held(version, PayloadFingerprint.NONE)));
    return held;
  }
}
