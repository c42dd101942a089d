package io.crmerpsync.erp.sink.error;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * The one place that decides, from a database error, whether a failed write is retried, isolated
 * and dead-lettered, or stops the task. One instance per database family; the first two characters
 * of a SQLState are its class. The vendor error code decides first where the family reports several
 * different errors under one generic SQLState (MariaDB/MySQL {@code HY000}).
 *
 * <table>
 *   <caption>PostgreSQL ({@link #POSTGRESQL}; SQLStates from Appendix A of its manual)</caption>
 *   <tr><th>SQLState</th><th>Meaning</th><th>Class</th></tr>
 *   <tr><td>08***</td><td>connection exception (refused, lost, closed)</td><td>TRANSIENT</td></tr>
 *   <tr><td>40001, 40P01</td><td>serialization failure, deadlock</td><td>TRANSIENT</td></tr>
 *   <tr><td>53***</td><td>insufficient resources (disk, memory, too many connections)</td>
 *       <td>TRANSIENT</td></tr>
 *   <tr><td>57P01, 57P02, 57P03</td><td>admin / crash shutdown, cannot connect now</td>
 *       <td>TRANSIENT</td></tr>
 *   <tr><td>55P03, 57014</td><td>lock not available, statement timeout / cancel</td>
 *       <td>TRANSIENT</td></tr>
 *   <tr><td>22***</td><td>data exception (too long, out of range, bad format)</td>
 *       <td>REJECTED_ROW</td></tr>
 *   <tr><td>23***</td><td>integrity constraint (check, not null, unique, foreign key)</td>
 *       <td>REJECTED_ROW</td></tr>
 *   <tr><td>42*** except below</td><td>data-dependent syntax/access rule (e.g. datatype
 *       mismatch)</td><td>REJECTED_ROW</td></tr>
 *   <tr><td>42P01, 42703, 42883, 42501, 42601, 3F000</td><td>undefined table / column /
 *       function, no privilege, syntax error, no schema: the tables do not match, not the
 *       data</td><td>FATAL</td></tr>
 * </table>
 *
 * <table>
 *   <caption>MariaDB and MySQL ({@link #MYSQL_FAMILY})</caption>
 *   <tr><th>SQLState / error code</th><th>Meaning</th><th>Class</th></tr>
 *   <tr><td>08***</td><td>connection exception (refused, lost, server shutdown 1053, too many
 *       connections 1040)</td><td>TRANSIENT</td></tr>
 *   <tr><td>40***</td><td>deadlock (1213, 40001): InnoDB rolled the transaction back</td>
 *       <td>TRANSIENT</td></tr>
 *   <tr><td>70***</td><td>query interrupted or connection killed (1317, 1927), statement
 *       timeout (1969)</td><td>TRANSIENT</td></tr>
 *   <tr><td>code 1205, 1020</td><td>lock wait timeout, record changed since read (both
 *       HY000)</td><td>TRANSIENT</td></tr>
 *   <tr><td>code 1021, 1114, 1037, 1038, 1041</td><td>disk full, table full, out of memory
 *       (HY000, HY001)</td><td>TRANSIENT</td></tr>
 *   <tr><td>22***</td><td>data exception (too long 1406, out of range 1264, bad datetime
 *       1292)</td><td>REJECTED_ROW</td></tr>
 *   <tr><td>23***</td><td>integrity constraint (duplicate key 1062, not null 1048, foreign key
 *       1452, check 4025)</td><td>REJECTED_ROW</td></tr>
 *   <tr><td>code 1366, 1265, 3819</td><td>incorrect value for a column (HY000), data truncated
 *       (01000), MySQL check constraint (HY000)</td><td>REJECTED_ROW</td></tr>
 *   <tr><td>42***</td><td>no such table 1146 (42S02), column 1054 (42S22), database 1049,
 *       access denied, syntax: never caused by one row's data</td><td>FATAL</td></tr>
 * </table>
 *
 * <p>Both families: no SQLState, but the driver or pool says transient or recoverable (a pool
 * timeout while the database is down): TRANSIENT; anything else (authentication {@code 28***},
 * unknown database, an unknown error without SQLState, ...): FATAL.
 *
 * <p>Why missing tables and columns are fatal rather than rejected rows: with the sink's fixed
 * statements they fail every record alike; dead-lettering them all would empty the topic into the
 * DLQ.
 */
public final class SqlErrorClassifier {

  /** PostgreSQL's SQLStates. */
  public static final SqlErrorClassifier POSTGRESQL =
      new SqlErrorClassifier(
          Set.of("40001", "40P01", "57P01", "57P02", "57P03", "55P03", "57014"),
          Set.of("08", "53"),
          Set.of(),
          Set.of("22", "23", "42"),
          Set.of(),
          Set.of("42P01", "42703", "42883", "42501", "42601", "3F000"),
          Set.of("42P01", "3F000"),
          Set.of());

  /** MariaDB's and MySQL's SQLStates and error codes. */
  public static final SqlErrorClassifier MYSQL_FAMILY =
      new SqlErrorClassifier(
          Set.of(),
          Set.of("08", "40", "70"),
          Set.of(1205, 1020, 1021, 1114, 1037, 1038, 1041),
          Set.of("22", "23"),
          Set.of(1366, 1265, 3819),
          Set.of(),
          Set.of("42S02"),
          Set.of(1146, 1049));

  private final Set<String> transientStates;
  private final Set<String> transientClasses;
  private final Set<Integer> transientCodes;
  private final Set<String> rejectedClasses;
  private final Set<Integer> rejectedCodes;
  private final Set<String> fatalStates;
  private final Set<String> missingTableStates;
  private final Set<Integer> missingTableCodes;

  private SqlErrorClassifier(
      Set<String> transientStates,
      Set<String> transientClasses,
      Set<Integer> transientCodes,
      Set<String> rejectedClasses,
      Set<Integer> rejectedCodes,
      Set<String> fatalStates,
      Set<String> missingTableStates,
      Set<Integer> missingTableCodes) {
    this.transientStates = transientStates;
    this.transientClasses = transientClasses;
    this.transientCodes = transientCodes;
    this.rejectedClasses = rejectedClasses;
    this.rejectedCodes = rejectedCodes;
    this.fatalStates = fatalStates;
    this.missingTableStates = missingTableStates;
    this.missingTableCodes = missingTableCodes;
  }

  /** Classifies a failed write by its most specific SQLState and error code. */
  public SqlErrorClass classify(SQLException failure) {
    int code = errorCode(failure);
    if (transientCodes.contains(code)) {
      return SqlErrorClass.TRANSIENT;
    }
    if (rejectedCodes.contains(code)) {
      return SqlErrorClass.REJECTED_ROW;
    }
    String state = sqlState(failure);
    if (state == null || state.length() < 2) {
      return isTransientByType(failure) ? SqlErrorClass.TRANSIENT : SqlErrorClass.FATAL;
    }
    String stateClass = state.substring(0, 2);
    if (transientStates.contains(state) || transientClasses.contains(stateClass)) {
      return SqlErrorClass.TRANSIENT;
    }
    if (fatalStates.contains(state)) {
      return SqlErrorClass.FATAL;
    }
    if (rejectedClasses.contains(stateClass)) {
      return SqlErrorClass.REJECTED_ROW;
    }
    return SqlErrorClass.FATAL;
  }

  /** Whether the failure says the interface tables (or their schema) do not exist. */
  public boolean isMissingTable(SQLException failure) {
    String state = sqlState(failure);
    return (state != null && missingTableStates.contains(state))
        || missingTableCodes.contains(errorCode(failure));
  }

  /**
   * The SQLState that says what went wrong. A JDBC batch failure wraps the real error: the driver's
   * {@link BatchUpdateException} names the batch, its next exception (pgjdbc) or cause (MariaDB
   * Connector/J) names the error.
   */
  public static String sqlState(SQLException failure) {
    SQLException deepest = mostSpecific(failure);
    return deepest.getSQLState() != null ? deepest.getSQLState() : failure.getSQLState();
  }

  /** The database's own message for the failure (the batch wrapper's is about the batch). */
  public static String message(SQLException failure) {
    return mostSpecific(failure).getMessage();
  }

  /** The vendor error code of the most specific error (0 when the driver has none). */
  public static int errorCode(SQLException failure) {
    SQLException deepest = mostSpecific(failure);
    return deepest.getErrorCode() != 0 ? deepest.getErrorCode() : failure.getErrorCode();
  }

  private static SQLException mostSpecific(SQLException failure) {
    SQLException current = failure;
    for (int depth = 0; depth < 10; depth++) {
      SQLException next = current.getNextException();
      if (next == null && current.getCause() instanceof SQLException cause) {
        next = cause;
      }
      if (next == null || next == current) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static boolean isTransientByType(SQLException failure) {
    return failure instanceof SQLTransientException
        || failure instanceof SQLRecoverableException
        || failure instanceof SQLNonTransientConnectionException;
  }
}
