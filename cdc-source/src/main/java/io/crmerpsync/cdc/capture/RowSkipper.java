package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.cdc.config.CdcSourceConfig.SkippedRows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Applies {@code crm.skip.rows}: tells which row changes are read but not written to the raw
 * topics. A change is skipped when it is not a delete, its table has a rule, and its new row holds
 * the rule's value (compared as text) in the rule's column. Transaction markers, deletes, tables
 * without a rule and rows whose column is null or differs are written.
 */
final class RowSkipper {
  private final Map<String, List<SkippedRows>> rulesByTable = new HashMap<>();

  RowSkipper(List<SkippedRows> rules) {
    for (SkippedRows rule : rules) {
      rulesByTable.computeIfAbsent(rule.table(), t -> new java.util.ArrayList<>()).add(rule);
    }
  }

  static RowSkipper of(CdcSourceConfig config) {
    return new RowSkipper(config.skippedRows());
  }

  /** The table of a skipped change, or {@code null} when {@code record} is to be written. */
  String skippedTable(SourceRecord record) {
    if (rulesByTable.isEmpty() || !RawRecordConverter.isDataChange(record)) {
      return null;
    }
    Struct envelope = (Struct) record.value();
    if ("d".equals(envelope.getString(RawChangeContract.OP))) {
      return null;
    }
    String table = envelope.getStruct(RawChangeContract.SOURCE).getString("table");
    List<SkippedRows> rules = rulesByTable.get(table);
    if (rules == null) {
      return null;
    }
    Struct after = envelope.getStruct(RawChangeContract.AFTER);
    if (after == null) {
      return null;
    }
    for (SkippedRows rule : rules) {
      Field field = after.schema().field(rule.column());
      Object value = field == null ? null : after.get(field);
      if (value != null && rule.value().equals(value.toString())) {
        return table;
      }
    }
    return null;
  }
}
