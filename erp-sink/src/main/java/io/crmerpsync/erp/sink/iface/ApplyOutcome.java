package io.crmerpsync.erp.sink.iface;

import io.crmerpsync.erp.sink.command.CommandRecord;
import java.sql.SQLException;
import java.util.List;

/**
 * What one {@link InterfaceTableWriter#apply} did, before the caller commits.
 *
 * @param applied commands that changed the ERP's rows
 * @param stale commands the version fence ignored (older than, or equal to, what the ERP holds)
 * @param rejected commands whose data the database refused, with its error
 */
public record ApplyOutcome(
    List<CommandRecord> applied, List<CommandRecord> stale, List<Rejection> rejected) {

  public ApplyOutcome {
    applied = List.copyOf(applied);
    stale = List.copyOf(stale);
    rejected = List.copyOf(rejected);
  }

  /** A command the database refused, and why. */
  public record Rejection(CommandRecord command, SQLException failure) {}
}
