package io.crmerpsync.deploy.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plays the ERP's importer in the demo: each {@link #importPending()} marks every PENDING row of
 * the customer and order interface tables as imported, one in twenty (by a hash of key and version,
 * so a run repeats) as failed with code {@code E-DEMO}. That gives the status topic and the demo's
 * status line something to show; a real importer would apply the rows to the ERP's master data
 * first (docs/erp-interface-tables.md).
 *
 * <p>It also plays the ERP's warehouse: one imported order in four (by a hash of its reference) is
 * shipped, a row with status {@code SHIPPED} in the ERP's own {@code erp.order_master}. The
 * pipeline captures that table, so the canonical order shows the ERP's status where the mapping
 * file gives the status to the ERP, and the audit trail shows it rejected where it does not.
 */
public final class DemoImporter {
  private static final String[] TABLES = {"erp.customer_iface", "erp.order_iface"};

  private final Connection erp;

  public DemoImporter(Connection erp) {
    this.erp = erp;
  }

  /** Reports on every PENDING row in one short transaction; returns how many rows it reported. */
  public int importPending() throws SQLException {
    boolean autoCommit = erp.getAutoCommit();
    erp.setAutoCommit(false);
    int reported = 0;
    try (Statement statement = erp.createStatement()) {
      for (String table : TABLES) {
        reported += statement.executeUpdate(reportAll(table));
      }
      statement.executeUpdate(SHIP);
      erp.commit();
      return reported;
    } catch (SQLException e) {
      erp.rollback();
      throw e;
    } finally {
      erp.setAutoCommit(autoCommit);
    }
  }

  /** Ships one imported order in four, once: the ERP's order table gets its status. */
  private static final String SHIP =
      "INSERT INTO erp.order_master (source_system, source_ref, erp_order_no, status)"
          + " SELECT source_system, source_ref, 'ERP-' || source_ref, 'SHIPPED'"
          + " FROM erp.order_iface"
          + " WHERE process_status = 'SUCCESS' AND action = 'UPSERT'"
          + " AND (hashtext(source_ref) & 2147483647) % 4 = 0"
          + " ON CONFLICT (source_system, source_ref) DO NOTHING";

  private static String reportAll(String table) {
    String fails = "(hashtext(source_ref || ':' || source_version) & 2147483647) % 20 = 0";
    return "UPDATE "
        + table
        + " SET process_status = CASE WHEN "
        + fails
        + " THEN 'ERROR' ELSE 'SUCCESS' END,"
        + " error_code = CASE WHEN "
        + fails
        + " THEN 'E-DEMO' END,"
        + " error_message = CASE WHEN "
        + fails
        + " THEN 'demo importer: refuses one row in twenty' END"
        + " WHERE process_status = 'PENDING'";
  }
}
