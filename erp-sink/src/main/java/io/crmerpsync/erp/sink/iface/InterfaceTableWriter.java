package io.crmerpsync.erp.sink.iface;

import io.crmerpsync.erp.sink.command.CommandRecord;
import io.crmerpsync.erp.sink.command.Entity;
import io.crmerpsync.erp.sink.error.SqlErrorClass;
import io.crmerpsync.erp.sink.error.SqlErrorClassifier;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies ERP commands to the interface tables inside the caller's transaction; the caller commits
 * or rolls back.
 *
 * <p>Fast path: all header upserts as JDBC batches (customers, then orders), then, for each order
 * whose header applied, its old lines deleted and the command's lines inserted, also batched. The
 * row count of each conditional upsert tells applied (1) from stale (0). Header and lines share the
 * transaction, so the ERP never sees an order with lines missing.
 *
 * <p>Slow path: when the database refuses a row ({@link SqlErrorClass#REJECTED_ROW}), the whole
 * transaction is rolled back and the commands are applied again one at a time, each under a
 * savepoint; a refused command rolls back to its savepoint and is returned as rejected, the rest
 * stay. Any other error is thrown for the caller to classify.
 *
 * <p>Limits: writes the ERP importer holds locks on wait for those locks; an importer should lock
 * rows it processes only briefly ({@code FOR UPDATE SKIP LOCKED}).
 */
public final class InterfaceTableWriter {

  private static final Logger log = LoggerFactory.getLogger(InterfaceTableWriter.class);

  private final InterfaceTableSql sql;
  private final int batchSize;

  public InterfaceTableWriter(String schema, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    this.sql = new InterfaceTableSql(schema);
    this.batchSize = batchSize;
  }

  /**
   * Applies {@code commands} in their order in the connection's current transaction (auto-commit
   * off). Does not commit.
   *
   * @throws SQLException any failure that is not one refused record (connection lost, missing
   *     table, ...); the transaction is then in an undefined state and must be rolled back
   */
  public ApplyOutcome apply(Connection connection, List<CommandRecord> commands, String batchId)
      throws SQLException {
    if (commands.isEmpty()) {
      return new ApplyOutcome(List.of(), List.of(), List.of());
    }
    try {
      return applyBatched(connection, commands, batchId);
    } catch (SQLException e) {
      if (SqlErrorClassifier.classify(e) != SqlErrorClass.REJECTED_ROW) {
        throw e;
      }
      log.debug(
          "Batch {} of {} commands refused (SQLState {}: {}); applying one at a time to find"
              + " the refused records",
          batchId,
          commands.size(),
          SqlErrorClassifier.sqlState(e),
          SqlErrorClassifier.message(e));
      connection.rollback();
      return applyOneByOne(connection, commands, batchId);
    }
  }

  private ApplyOutcome applyBatched(
      Connection connection, List<CommandRecord> commands, String batchId) throws SQLException {
    List<CommandRecord> customers = ofEntity(commands, Entity.CUSTOMER);
    List<CommandRecord> orders = ofEntity(commands, Entity.ORDER);
    List<CommandRecord> applied = new ArrayList<>();
    List<CommandRecord> stale = new ArrayList<>();

    int[] customerCounts = upsertCustomers(connection, customers, batchId);
    sortByCount(customers, customerCounts, applied, stale);
    int[] orderCounts = upsertOrderHeaders(connection, orders, batchId);
    sortByCount(orders, orderCounts, applied, stale);

    // The same order can be applied several times in one batch (v1, v2, v3): each later applied
    // command is newer, so its lines are the ones to keep. A command without payload keeps the
    // lines the order had, as it keeps the header's payload columns.
    Map<String, CommandRecord> linesToReplace = new LinkedHashMap<>();
    for (int i = 0; i < orders.size(); i++) {
      CommandRecord order = orders.get(i);
      if (orderCounts[i] > 0 && order.hasPayload()) {
        linesToReplace.put(orderKey(order.command()), order);
      }
    }
    replaceLines(connection, linesToReplace.values());
    return new ApplyOutcome(applied, stale, List.of());
  }

  private ApplyOutcome applyOneByOne(
      Connection connection, List<CommandRecord> commands, String batchId) throws SQLException {
    List<CommandRecord> applied = new ArrayList<>();
    List<CommandRecord> stale = new ArrayList<>();
    List<ApplyOutcome.Rejection> rejected = new ArrayList<>();
    try (PreparedStatement customerUpsert = connection.prepareStatement(sql.customerUpsert.sql());
        PreparedStatement orderUpsert = connection.prepareStatement(sql.orderUpsert.sql());
        PreparedStatement deleteLines = connection.prepareStatement(sql.deleteOrderLines);
        PreparedStatement insertLine = connection.prepareStatement(sql.insertOrderLine)) {
      for (CommandRecord command : commands) {
        Savepoint savepoint = connection.setSavepoint();
        try {
          boolean wasApplied =
              switch (command.entity()) {
                case CUSTOMER -> applyCustomer(customerUpsert, command, batchId);
                case ORDER -> applyOrder(orderUpsert, deleteLines, insertLine, command, batchId);
              };
          connection.releaseSavepoint(savepoint);
          (wasApplied ? applied : stale).add(command);
        } catch (SQLException e) {
          if (SqlErrorClassifier.classify(e) != SqlErrorClass.REJECTED_ROW) {
            throw e;
          }
          connection.rollback(savepoint);
          rejected.add(new ApplyOutcome.Rejection(command, e));
        }
      }
    }
    return new ApplyOutcome(applied, stale, rejected);
  }

  private boolean applyCustomer(PreparedStatement upsert, CommandRecord command, String batchId)
      throws SQLException {
    ErpCommand c = command.command();
    sql.customerUpsert.bind(upsert, c, c.getCustomer(), batchId);
    return upsert.executeUpdate() > 0;
  }

  private boolean applyOrder(
      PreparedStatement upsert,
      PreparedStatement deleteLines,
      PreparedStatement insertLine,
      CommandRecord command,
      String batchId)
      throws SQLException {
    ErpCommand c = command.command();
    sql.orderUpsert.bind(upsert, c, c.getOrder(), batchId);
    if (upsert.executeUpdate() == 0) {
      return false;
    }
    if (command.hasPayload()) {
      bindLineDelete(deleteLines, c);
      deleteLines.executeUpdate();
      for (ErpOrderLine line : c.getOrder().getLines()) {
        bindLineInsert(insertLine, c, line);
        insertLine.addBatch();
      }
      insertLine.executeBatch();
    }
    return true;
  }

  private int[] upsertCustomers(Connection connection, List<CommandRecord> customers, String id)
      throws SQLException {
    if (customers.isEmpty()) {
      return new int[0];
    }
    try (PreparedStatement upsert = connection.prepareStatement(sql.customerUpsert.sql())) {
      return executeInBatches(
          upsert,
          customers,
          command -> {
            ErpCommand c = command.command();
            sql.customerUpsert.bind(upsert, c, c.getCustomer(), id);
          });
    }
  }

  private int[] upsertOrderHeaders(Connection connection, List<CommandRecord> orders, String id)
      throws SQLException {
    if (orders.isEmpty()) {
      return new int[0];
    }
    try (PreparedStatement upsert = connection.prepareStatement(sql.orderUpsert.sql())) {
      return executeInBatches(
          upsert,
          orders,
          command -> {
            ErpCommand c = command.command();
            sql.orderUpsert.bind(upsert, c, c.getOrder(), id);
          });
    }
  }

  private void replaceLines(Connection connection, Collection<CommandRecord> orders)
      throws SQLException {
    if (orders.isEmpty()) {
      return;
    }
    List<CommandRecord> ordered = List.copyOf(orders);
    try (PreparedStatement delete = connection.prepareStatement(sql.deleteOrderLines)) {
      executeInBatches(delete, ordered, command -> bindLineDelete(delete, command.command()));
    }
    List<LineOfOrder> lines = new ArrayList<>();
    for (CommandRecord order : ordered) {
      for (ErpOrderLine line : order.command().getOrder().getLines()) {
        lines.add(new LineOfOrder(order.command(), line));
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(sql.insertOrderLine)) {
      executeInBatches(insert, lines, line -> bindLineInsert(insert, line.order(), line.line()));
    }
  }

  private record LineOfOrder(ErpCommand order, ErpOrderLine line) {}

  private static void bindLineDelete(PreparedStatement delete, ErpCommand order)
      throws SQLException {
    delete.setString(1, order.getSourceSystem());
    delete.setString(2, order.getSourceRef());
  }

  private static void bindLineInsert(PreparedStatement insert, ErpCommand order, ErpOrderLine line)
      throws SQLException {
    insert.setString(1, order.getSourceSystem());
    insert.setString(2, order.getSourceRef());
    insert.setInt(3, line.getLineNo());
    insert.setString(4, line.getSku());
    JdbcValues.bind(insert, 5, line.getDescription(), Types.VARCHAR);
    JdbcValues.bind(insert, 6, line.getQuantity(), Types.NUMERIC);
    JdbcValues.bind(insert, 7, line.getUnitPrice(), Types.NUMERIC);
    insert.setLong(8, order.getVersion());
  }

  @FunctionalInterface
  private interface Binder<T> {
    void bind(T item) throws SQLException;
  }

  /** Runs one statement per item in JDBC batches of at most batchSize; returns the row counts. */
  private <T> int[] executeInBatches(PreparedStatement statement, List<T> items, Binder<T> binder)
      throws SQLException {
    int[] counts = new int[items.size()];
    int done = 0;
    for (int i = 0; i < items.size(); i++) {
      binder.bind(items.get(i));
      statement.addBatch();
      if ((i + 1) % batchSize == 0 || i == items.size() - 1) {
        int[] chunk = statement.executeBatch();
        System.arraycopy(chunk, 0, counts, done, chunk.length);
        done += chunk.length;
      }
    }
    for (int count : counts) {
      if (count == Statement.SUCCESS_NO_INFO) {
        // Only a driver that rewrites batches answers so; the config refuses that option.
        throw new IllegalStateException(
            "the JDBC driver returned no row counts for a batch; remove reWriteBatchedInserts"
                + " from erp.jdbc.url");
      }
    }
    return counts;
  }

  private static void sortByCount(
      List<CommandRecord> commands,
      int[] counts,
      List<CommandRecord> applied,
      List<CommandRecord> stale) {
    for (int i = 0; i < commands.size(); i++) {
      (counts[i] > 0 ? applied : stale).add(commands.get(i));
    }
  }

  private static List<CommandRecord> ofEntity(List<CommandRecord> commands, Entity entity) {
    return commands.stream().filter(c -> c.entity() == entity).toList();
  }

  private static String orderKey(ErpCommand command) {
    return command.getSourceSystem() + '\u0000' + command.getSourceRef();
  }
}
