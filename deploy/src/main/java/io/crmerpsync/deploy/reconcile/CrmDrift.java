package io.crmerpsync.deploy.reconcile;

import java.util.List;

/**
 * One CRM row on which the CRM's table and the pipeline's canonical state disagree.
 *
 * @param ref the row as the pipeline names it, {@code <source system>:<id>} (e.g. {@code crm:42})
 * @param key the canonical record's key, null when no canonical record names the row
 * @param fields for {@link Kind#DIFFERS_FROM_CRM}, the fields that differ; else empty
 * @param replay SQL that replays, through the binlog, a deletion the capture never saw (of the row,
 *     or of an order's line), with the values the pipeline holds; null when none is needed
 */
public record CrmDrift(
    String ref, String key, Kind kind, List<FieldDifference> fields, String replay) {

  public CrmDrift {
    fields = List.copyOf(fields);
  }

  /** A drift without a deletion to replay. */
  public CrmDrift(String ref, String key, Kind kind, List<FieldDifference> fields) {
    this(ref, key, kind, fields, null);
  }

  /** How the two disagree. */
  public enum Kind {
    /** The CRM has the row, no live canonical record names it: its insert was never captured. */
    MISSING_IN_PIPELINE,
    /** A live canonical record names a row the CRM no longer has: its delete was never captured. */
    DELETED_IN_CRM,
    /** A field the CRM owns holds another value in the canonical record than in the CRM's row. */
    DIFFERS_FROM_CRM
  }

  /**
   * A field's two values, as text ({@code null} for SQL NULL).
   *
   * @param field the CRM's column name
   */
  public record FieldDifference(String field, String crm, String pipeline) {}
}
