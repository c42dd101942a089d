package io.crmerpsync.embedded.sample;

/**
 * The sample CRM schema (tables {@code customers}, {@code orders}, {@code order_lines}) that the
 * embedded demo and the tests load into MariaDB, e.g. with {@code EmbeddedMariaDb.runScript(db,
 * SampleCrm.SCHEMA_RESOURCE)}.
 */
public final class SampleCrm {

  /** Classpath resource of the DDL; tables are created in the current database. */
  public static final String SCHEMA_RESOURCE = "io/crmerpsync/embedded/sample/crm-schema.sql";

  /** The tables of the sample schema, parents before children. */
  public static final java.util.List<String> TABLES =
      java.util.List.of("customers", "orders", "order_lines");

  private SampleCrm() {}
}
