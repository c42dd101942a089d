package io.crmerpsync.erp.sink.iface;

import io.crmerpsync.erp.sink.command.CommandRecord;
import io.crmerpsync.erp.sink.command.Entity;
import io.crmerpsync.erp.sink.error.SqlErrorClass;
import io.crmerpsync.erp.sink.error.SqlErrorClassifier;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies ERP commands to the interface tables inside the caller's transaction; the caller commits
 * or rolls back.
 *
 * <p>Fast path: all header upserts as multi-row statements of up to batchSize rows (customers, then
 * orders; see {@link MultiRowUpsert} for how each dialect tells applied from stale rows), then, for
 * each order whose header applied, its old lines deleted and the command's lines inserted, also
 * with multi-row statements. Header and lines share the transaction, so the ERP never sees an order
 * with lines missing.
 *
 * <p>Slow path: when the database refuses a row ({@link SqlErrorClass#REJECTED_ROW}), the whole
 * transaction is rolled back and the refused commands are found by splitting the batch (see {@link
 * #isolate}): parts are applied under savepoints with one statement per command in JDBC batches,
 * whose per-statement row counts tell applied (1, or 2 for an update on MariaDB) from stale (0) and
 * whose failures name the refused entry; a failing part is rolled back to its savepoint and split
 * again, down to single commands, which are returned as rejected; everything else stays. Any other
 * error is thrown for the caller to classify.
 *
 * <p>Limits: writes the ERP importer holds locks on wait for those locks; an importer should lock
 * rows it processes only briefly ({@code FOR UPDATE SKIP LOCKED}).
 */
public final class InterfaceTableWriter {

  private static final Logger log = LoggerFactory.getLogger(InterfaceTableWriter.class);

  /** PostgreSQL's protocol numbers a statement's parameters with 16 bits. */
  private static final int MAX_PARAMETERS = 32_767;

  private final Dialect dialect;
  private final SqlErrorClassifier errors;
  private final InterfaceTableSql sql;
  private final int batchSize;

  public InterfaceTableWriter(Dialect dialect, String schema, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    this.dialect = dialect;
    this.errors = dialect.errors();
    this.sql = new InterfaceTableSql(dialect, schema);
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
      return applyIn(multiRow, connection, commands, batchId);
    } catch (SQLException e) {
      if (errors.classify(e) != SqlErrorClass.REJECTED_ROW) {
        throw e;
      }
      connection.rollback();
      long started = System.nanoTime();
      Isolation isolation = new Isolation();
      // Once more one statement per command: the driver then names the refused entry, and a
      // refused command is reported with the error of its own statement, whatever the multi-row
      // statement said.
      applyOrIsolate(connection, commands, batchId, isolation);
      log.debug(
          "Batch {} of {} commands refused (SQLState {}: {}); isolated {} refused commands in {}"
              + " attempts, {} ms",
          batchId,
          commands.size(),
          SqlErrorClassifier.sqlState(e),
          SqlErrorClassifier.message(e),
          isolation.rejected.size(),
          isolation.attempts,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return isolation.outcome();
    }
  }

  /**
   * Finds the refused commands among {@code commands}, which failed as a whole with {@code
   * failure}. A single command is the refused one. More are split and each part applied under a
   * savepoint; a failing part is rolled back to its savepoint and split again. Where to split: when
   * the driver named the refused batch entry ({@link RefusedEntryException}), into the commands
   * before it, its command alone, and those after it, so each refused command costs about three
   * attempts; otherwise in halves (bisection, about 2k·log2(n/k) attempts for k refused among n).
   * The parts run in their original order, so the applied commands meet the version fence in the
   * same order as on the fast path, and the result does not depend on where the batch is split.
   *
   * <p>Measured on PostgreSQL, 100 refused among 10,000 commands in batches of 500: isolating took
   * about 8 s one command at a time under a savepoint, 4 s by halves, 2 s by the named entry.
   */
  private void isolate(
      Connection connection,
      List<CommandRecord> commands,
      String batchId,
      SQLException failure,
      Isolation isolation)
      throws SQLException {
    if (commands.size() == 1) {
      isolation.rejected.add(new ApplyOutcome.Rejection(commands.get(0), failure));
      return;
    }
    int suspect = indexOfRefused(commands, failure);
    if (suspect < 0) {
      int half = commands.size() / 2;
      applyOrIsolate(connection, commands.subList(0, half), batchId, isolation);
      applyOrIsolate(connection, commands.subList(half, commands.size()), batchId, isolation);
      return;
    }
    if (suspect > 0) {
      applyOrIsolate(connection, commands.subList(0, suspect), batchId, isolation);
    }
    applyOrIsolate(connection, commands.subList(suspect, suspect + 1), batchId, isolation);
    if (suspect + 1 < commands.size()) {
      applyOrIsolate(
          connection, commands.subList(suspect + 1, commands.size()), batchId, isolation);
    }
  }

  /** Where the command the driver named as refused sits in {@code commands}, or -1. */
  private static int indexOfRefused(List<CommandRecord> commands, SQLException failure) {
    if (failure instanceof RefusedEntryException refused) {
      for (int i = 0; i < commands.size(); i++) {
        if (commands.get(i) == refused.command) {
          return i;
        }
      }
    }
    return -1;
  }

  private void applyOrIsolate(
      Connection connection, List<CommandRecord> commands, String batchId, Isolation isolation)
      throws SQLException {
    isolation.attempts++;
    Savepoint savepoint = connection.setSavepoint();
    ApplyOutcome outcome;
    try {
      outcome = applyIn(oneByOne, connection, commands, batchId);
    } catch (SQLException e) {
      if (errors.classify(e) != SqlErrorClass.REJECTED_ROW) {
        throw e;
      }
      connection.rollback(savepoint);
      isolate(connection, commands, batchId, e, isolation);
      return;
    }
    connection.releaseSavepoint(savepoint);
    isolation.applied.addAll(outcome.applied());
    isolation.stale.addAll(outcome.stale());
  }

  /** What the isolation found so far. */
  private static final class Isolation {
    final List<CommandRecord> applied = new ArrayList<>();
    final List<CommandRecord> stale = new ArrayList<>();
    final List<ApplyOutcome.Rejection> rejected = new ArrayList<>();
    int attempts;

    ApplyOutcome outcome() {
      return new ApplyOutcome(applied, stale, rejected);
    }
  }

  /**
   * How one write reaches the tables. {@link #multiRow}, the fast path: multi-row statements of at
   * most batchSize rows (see {@link MultiRowUpsert}), so a write of 500 customer commands is one
   * statement instead of 500; such a statement fails as a whole when the database refuses one of
   * its rows. {@link #oneByOne}, for finding that row: one statement per command in JDBC batches,
   * whose failures name the refused entry.
   */
  private interface Form {
    /** Upserts the headers of one entity; per command, whether it was applied. */
    boolean[] upsert(Connection connection, Entity entity, List<CommandRecord> commands, String id)
        throws SQLException;

    /** Replaces the lines of {@code orders} with theirs. */
    void replaceLines(Connection connection, List<CommandRecord> orders) throws SQLException;
  }

  private final Form multiRow =
      new Form() {
        @Override
        public boolean[] upsert(
            Connection connection, Entity entity, List<CommandRecord> commands, String id)
            throws SQLException {
          MultiRowUpsert<?> upsert = entity == Entity.CUSTOMER ? sql.customerRows : sql.orderRows;
          return upsertRows(connection, upsert, commands, id);
        }

        @Override
        public void replaceLines(Connection connection, List<CommandRecord> orders)
            throws SQLException {
          replaceLinesMultiRow(connection, orders);
        }
      };

  private final Form oneByOne =
      new Form() {
        @Override
        public boolean[] upsert(
            Connection connection, Entity entity, List<CommandRecord> commands, String id)
            throws SQLException {
          int[] counts =
              entity == Entity.CUSTOMER
                  ? upsertCustomers(connection, commands, id)
                  : upsertOrderHeaders(connection, commands, id);
          boolean[] applied = new boolean[counts.length];
          for (int i = 0; i < counts.length; i++) {
            applied[i] = counts[i] > 0;
          }
          return applied;
        }

        @Override
        public void replaceLines(Connection connection, List<CommandRecord> orders)
            throws SQLException {
          replaceLinesOneByOne(connection, orders);
        }
      };

  /**
   * Writes {@code commands} in {@code form}: customer headers, order headers, then the lines of
   * every order whose header applied.
   */
  private ApplyOutcome applyIn(
      Form form, Connection connection, List<CommandRecord> commands, String batchId)
      throws SQLException {
    List<CommandRecord> customers = ofEntity(commands, Entity.CUSTOMER);
    List<CommandRecord> orders = ofEntity(commands, Entity.ORDER);
    List<CommandRecord> applied = new ArrayList<>();
    List<CommandRecord> stale = new ArrayList<>();

    boolean[] customerApplied = form.upsert(connection, Entity.CUSTOMER, customers, batchId);
    sortByOutcome(customers, customerApplied, applied, stale);
    boolean[] orderApplied = form.upsert(connection, Entity.ORDER, orders, batchId);
    sortByOutcome(orders, orderApplied, applied, stale);

    // The same order can be applied several times in one batch (v1, v2, v3): each later applied
    // command is newer, so its lines are the ones to keep. A command without payload keeps the
    // lines the order had, as it keeps the header's payload columns.
    Map<String, CommandRecord> linesToReplace = new LinkedHashMap<>();
    for (int i = 0; i < orders.size(); i++) {
      CommandRecord order = orders.get(i);
      if (orderApplied[i] && order.hasPayload()) {
        linesToReplace.put(keyOf(order.command()), order);
      }
    }
    if (!linesToReplace.isEmpty()) {
      form.replaceLines(connection, List.copyOf(linesToReplace.values()));
    }
    return new ApplyOutcome(applied, stale, List.of());
  }

  /**
   * Upserts {@code commands} of one table with multi-row statements; returns, per command, whether
   * it was applied. The n-th command of a key in this write goes into round n, and rounds run in
   * order: a statement then holds each key at most once, and the commands of one key meet the
   * version fence in their order, as on the one-by-one path. Within a round, commands with payload
   * and commands without go into separate statements.
   */
  private boolean[] upsertRows(
      Connection connection, MultiRowUpsert<?> upsert, List<CommandRecord> commands, String batchId)
      throws SQLException {
    boolean[] applied = new boolean[commands.size()];
    String[] keys = new String[commands.size()];
    Map<String, Integer> seen = new HashMap<>();
    List<List<Integer>> rounds = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      keys[i] = keyOf(commands.get(i).command());
      int round = seen.merge(keys[i], 1, Integer::sum) - 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(i);
    }
    int rowsPerStatement = Math.min(batchSize, upsert.maxRows());
    // The newest version each key was given in this write: MariaDB's read-back cannot tell a
    // repeated version from the write that put it there.
    Map<String, Long> newestApplied = new HashMap<>();
    for (List<Integer> round : rounds) {
      for (boolean withPayload : new boolean[] {true, false}) {
        List<Integer> part =
            round.stream().filter(i -> commands.get(i).hasPayload() == withPayload).toList();
        for (List<Integer> chunk : chunks(part, rowsPerStatement)) {
          List<CommandRecord> rows = chunk.stream().map(commands::get).toList();
          boolean[] written = upsert.apply(connection, rows, withPayload, batchId);
          for (int j = 0; j < rows.size(); j++) {
            long version = rows.get(j).command().getVersion();
            String key = keys[chunk.get(j)];
            Long before = newestApplied.get(key);
            if (written[j] && (before == null || before < version)) {
              applied[chunk.get(j)] = true;
              newestApplied.put(key, version);
            }
          }
        }
      }
    }
    return applied;
  }

  /** Deletes the lines of {@code orders} and inserts theirs, each with multi-row statements. */
  private void replaceLinesMultiRow(Connection connection, List<CommandRecord> orders)
      throws SQLException {
    for (List<CommandRecord> chunk : chunks(orders, Math.min(batchSize, MAX_PARAMETERS / 2))) {
      try (PreparedStatement delete =
          connection.prepareStatement(sql.deleteLinesOfOrders(chunk.size()))) {
        int index = 1;
        for (CommandRecord order : chunk) {
          delete.setString(index++, order.command().getSourceSystem());
          delete.setString(index++, order.command().getSourceRef());
        }
        delete.executeUpdate();
      }
    }
    List<LineOfOrder> lines = new ArrayList<>();
    for (CommandRecord order : orders) {
      for (ErpOrderLine line : order.command().getOrder().getLines()) {
        lines.add(new LineOfOrder(order, line));
      }
    }
    if (!dialect.isMySqlFamily()) {
      for (List<LineOfOrder> chunk : chunks(lines, batchSize)) {
        insertLinesAsArrays(connection, chunk);
      }
      return;
    }
    int linesPerStatement = Math.min(batchSize, MAX_PARAMETERS / InterfaceTableSql.LINE_PARAMETERS);
    for (List<LineOfOrder> chunk : chunks(lines, linesPerStatement)) {
      try (PreparedStatement insert =
          connection.prepareStatement(sql.insertOrderLines(chunk.size()))) {
        int index = 1;
        for (LineOfOrder line : chunk) {
          index = bindLineInsert(insert, index, line.order().command(), line.line());
        }
        insert.executeUpdate();
      }
    }
  }

  /** PostgreSQL: the lines as one array per column, as {@link MultiRowUpsert} sends headers. */
  private void insertLinesAsArrays(Connection connection, List<LineOfOrder> lines)
      throws SQLException {
    int rows = lines.size();
    String[][] columns = new String[InterfaceTableSql.LINE_PARAMETERS][rows];
    for (int i = 0; i < rows; i++) {
      ErpCommand order = lines.get(i).order().command();
      ErpOrderLine line = lines.get(i).line();
      columns[0][i] = order.getSourceSystem();
      columns[1][i] = order.getSourceRef();
      columns[2][i] = Integer.toString(line.getLineNo());
      columns[3][i] = line.getSku();
      columns[4][i] = PostgresArrays.element(line.getDescription());
      columns[5][i] = PostgresArrays.element(line.getQuantity());
      columns[6][i] = PostgresArrays.element(line.getUnitPrice());
      columns[7][i] = Long.toString(order.getVersion());
    }
    try (PreparedStatement insert = connection.prepareStatement(sql.insertOrderLinesFromArrays)) {
      for (int c = 0; c < columns.length; c++) {
        String type = InterfaceTableSql.LINE_ARRAY_TYPES.get(c);
        insert.setArray(c + 1, connection.createArrayOf(type, columns[c]));
      }
      insert.executeUpdate();
    }
  }

  /** {@code items} in consecutive parts of at most {@code size}. */
  private static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += size) {
      chunks.add(items.subList(from, Math.min(items.size(), from + size)));
    }
    return chunks;
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
          command -> command,
          command -> {
            ErpCommand c = command.command();
            sql.customerUpsert.bind(upsert, c, InterfaceTableSql.customerBody(c), id);
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
          command -> command,
          command -> {
            ErpCommand c = command.command();
            sql.orderUpsert.bind(upsert, c, InterfaceTableSql.orderBody(c), id);
          });
    }
  }

  private void replaceLinesOneByOne(Connection connection, List<CommandRecord> ordered)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(sql.deleteOrderLines)) {
      executeInBatches(
          delete,
          ordered,
          command -> command,
          command -> bindLineDelete(delete, command.command()));
    }
    List<LineOfOrder> lines = new ArrayList<>();
    for (CommandRecord order : ordered) {
      for (ErpOrderLine line : order.command().getOrder().getLines()) {
        lines.add(new LineOfOrder(order, line));
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(sql.insertOrderLine)) {
      executeInBatches(
          insert,
          lines,
          LineOfOrder::order,
          line -> bindLineInsert(insert, 1, line.order().command(), line.line()));
    }
  }

  private record LineOfOrder(CommandRecord order, ErpOrderLine line) {}

  private static void bindLineDelete(PreparedStatement delete, ErpCommand order)
      throws SQLException {
    delete.setString(1, order.getSourceSystem());
    delete.setString(2, order.getSourceRef());
  }

  /** Binds one line from parameter {@code first} on; returns the next parameter's index. */
  private int bindLineInsert(
      PreparedStatement insert, int first, ErpCommand order, ErpOrderLine line)
      throws SQLException {
    insert.setString(first, order.getSourceSystem());
    insert.setString(first + 1, order.getSourceRef());
    insert.setInt(first + 2, line.getLineNo());
    insert.setString(first + 3, line.getSku());
    JdbcValues.bind(dialect, insert, first + 4, line.getDescription(), Types.VARCHAR);
    JdbcValues.bind(dialect, insert, first + 5, line.getQuantity(), Types.NUMERIC);
    JdbcValues.bind(dialect, insert, first + 6, line.getUnitPrice(), Types.NUMERIC);
    insert.setLong(first + 7, order.getVersion());
    return first + InterfaceTableSql.LINE_PARAMETERS;
  }

  @FunctionalInterface
  private interface Binder<T> {
    void bind(T item) throws SQLException;
  }

  /**
   * Runs one statement per item in JDBC batches of at most batchSize; returns the row counts. When
   * the driver tells which entry of a batch the database refused, the failure is thrown as a {@link
   * RefusedEntryException} naming the command that entry belongs to.
   */
  private <T> int[] executeInBatches(
      PreparedStatement statement,
      List<T> items,
      Function<T, CommandRecord> owner,
      Binder<T> binder)
      throws SQLException {
    int[] counts = new int[items.size()];
    int done = 0;
    for (int i = 0; i < items.size(); i++) {
      binder.bind(items.get(i));
      statement.addBatch();
      if ((i + 1) % batchSize == 0 || i == items.size() - 1) {
        int[] chunk;
        try {
          chunk = statement.executeBatch();
        } catch (BatchUpdateException e) {
          int entry = FailedBatchEntry.index(e, i + 1 - done);
          if (entry < 0) {
            throw e;
          }
          throw new RefusedEntryException(owner.apply(items.get(done + entry)), e);
        }
        System.arraycopy(chunk, 0, counts, done, chunk.length);
        done += chunk.length;
      }
    }
    for (int count : counts) {
      if (count == Statement.SUCCESS_NO_INFO) {
        // Only a driver that rewrites batches or uses a bulk protocol answers so; the config
        // refuses those options.
        throw new IllegalStateException(
            "the JDBC driver returned no row counts for a batch; remove batch rewriting or bulk"
                + " options from erp.jdbc.url");
      }
    }
    return counts;
  }

  /**
   * A batch failure that names the command whose statement the database refused. Only a hint for
   * where to split the batch: the named command is still tried on its own before it is rejected.
   * Keeps the driver's failure as next exception, so its SQLState and message stay visible.
   */
  private static final class RefusedEntryException extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient CommandRecord command;

    RefusedEntryException(CommandRecord command, BatchUpdateException failure) {
      super(
          failure.getMessage(),
          SqlErrorClassifier.sqlState(failure),
          failure.getErrorCode(),
          failure);
      this.command = command;
      setNextException(failure);
    }
  }

  private static void sortByOutcome(
      List<CommandRecord> commands,
      boolean[] applied,
      List<CommandRecord> appliedOnes,
      List<CommandRecord> stale) {
    for (int i = 0; i < commands.size(); i++) {
      (applied[i] ? appliedOnes : stale).add(commands.get(i));
    }
  }

  private static List<CommandRecord> ofEntity(List<CommandRecord> commands, Entity entity) {
    return commands.stream().filter(c -> c.entity() == entity).toList();
  }

  private String keyOf(ErpCommand command) {
    return dialect.keyOf(command.getSourceSystem(), command.getSourceRef());
  }
}
