package io.crmerpsync.erp.sink.error;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * The one place that decides, from a PostgreSQL SQLState, whether a failed write is retried,
 * isolated and dead-lettered, or stops the task. SQLState classes are PostgreSQL's (Appendix A of
 * its manual); the first two characters are the class.
 *
 * <table>
 *   <caption>Decisions</caption>
 *   <tr><th>SQLState</th><th>Meaning</th><th>Class</th></tr>
 *   <tr><td>08***</td><td>connection exception (refused, lost, closed)</td><td>TRANSIENT</td></tr>
 *   <tr><td>40001, 40P01</td><td>serialization failure, deadlock</td><td>TRANSIENT</td></tr>
 *   <tr><td>53***</td><td>insufficient resources (disk, memory, too many connections)</td>
 *       <td>TRANSIENT</td></tr>
 *   <tr><td>57P01, 57P02, 57P03</td><td>admin / crash shutdown, cannot connect now</td>
 *       <td>TRANSIENT</td></tr>
 *   <tr><td>55P03, 57014</td><td>lock not available, statement timeout / cancel</td>
 *       <td>TRANSIENT</td></tr>
 *   <tr><td>no SQLState</td><td>driver or pool says transient / recoverable (e.g. pool
 *       timeout)</td><td>TRANSIENT</td></tr>
 *   <tr><td>22***</td><td>data exception (too long, out of range, bad format)</td>
 *       <td>REJECTED_ROW</td></tr>
 *   <tr><td>23***</td><td>integrity constraint (check, not null, unique, foreign key)</td>
 *       <td>REJECTED_ROW</td></tr>
 *   <tr><td>42*** except below</td><td>data-dependent syntax/access rule (e.g. datatype
 *       mismatch)</td><td>REJECTED_ROW</td></tr>
 *   <tr><td>42P01, 42703, 42883, 42501, 42601, 3F000</td><td>undefined table / column /
 *       function, no privilege, syntax error, no schema: the tables do not match, not the
 *       data</td><td>FATAL</td></tr>
 *   <tr><td>anything else (28 auth, 3D no database, 0A, 25, XX, ...)</td><td></td>
 *       <td>FATAL</td></tr>
 * </table>
 *
 * <p>Why the 42 exceptions: with the sink's fixed statements a missing table or column fails every
 * record alike; dead-lettering them all would empty the topic into the DLQ.
 */
public final class SqlErrorClassifier {

  private static final Set<String> TRANSIENT_STATES =
      Set.of("40001", "40P01", "57P01", "57P02", "57P03", "55P03", "57014");
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53");
  private static final Set<String> REJECTED_CLASSES = Set.of("22", "23", "42");
  private static final Set<String> FATAL_STATES =
      Set.of("42P01", "42703", "42883", "42501", "42601", "3F000");

  private SqlErrorClassifier() {}

  /** Classifies a failed write by its most specific SQLState. */
  public static SqlErrorClass classify(SQLException failure) {
    String state = sqlState(failure);
    if (state == null || state.length() < 2) {
      return isTransientByType(failure) ? SqlErrorClass.TRANSIENT : SqlErrorClass.FATAL;
    }
    String stateClass = state.substring(0, 2);
    if (TRANSIENT_STATES.contains(state) || TRANSIENT_CLASSES.contains(stateClass)) {
      return SqlErrorClass.TRANSIENT;
    }
    if (FATAL_STATES.contains(state)) {
      return SqlErrorClass.FATAL;
    }
    if (REJECTED_CLASSES.contains(stateClass)) {
      return SqlErrorClass.REJECTED_ROW;
    }
    return SqlErrorClass.FATAL;
  }

  /**
   * The SQLState that says what went wrong. A JDBC batch failure wraps the real error: the driver's
   * {@link BatchUpdateException} names the batch, its next exception names the cause.
   */
  public static String sqlState(SQLException failure) {
    SQLException deepest = mostSpecific(failure);
    return deepest.getSQLState() != null ? deepest.getSQLState() : failure.getSQLState();
  }

  /** The database's own message for the failure (the batch wrapper's is about the batch). */
  public static String message(SQLException failure) {
    return mostSpecific(failure).getMessage();
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
