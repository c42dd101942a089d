package io.crmerpsync.bench.hotpath;

import io.debezium.data.Envelope;
import java.time.Instant;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * A Debezium change envelope shaped like the MariaDB connector's for one update of the demo CRM's
 * customers table: before and after rows, the connector's source block, op and timestamps.
 */
final class CaptureEnvelopes {
  private CaptureEnvelopes() {}

  static Struct customerUpdate() {
    Schema row =
        SchemaBuilder.struct()
            .name("crm.sales.customers.Value")
            .optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("first_name", Schema.STRING_SCHEMA)
            .field("last_name", Schema.STRING_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .field("phone", Schema.OPTIONAL_STRING_SCHEMA)
            .field("street", Schema.OPTIONAL_STRING_SCHEMA)
            .field("city", Schema.OPTIONAL_STRING_SCHEMA)
            .field("country_code", Schema.STRING_SCHEMA)
            .field("credit_limit", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                "updated_at",
                SchemaBuilder.int64().name("io.debezium.time.Timestamp").version(1).build())
            .build();
    Schema source =
        SchemaBuilder.struct()
            .name("io.debezium.connector.mariadb.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("server_id", Schema.INT64_SCHEMA)
            .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
            .field("file", Schema.STRING_SCHEMA)
            .field("pos", Schema.INT64_SCHEMA)
            .field("row", Schema.INT32_SCHEMA)
            .field("thread", Schema.OPTIONAL_INT64_SCHEMA)
            .field("query", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Envelope envelope =
        Envelope.defineSchema()
            .withName("crm.sales.customers.Envelope")
            .withRecord(row)
            .withSource(source)
            .build();
    Struct before = customer(row, "+41 44 668 18 00");
    Struct after = customer(row, "+41 44 668 18 01");
    Struct block =
        new Struct(source)
            .put("version", "3.5.0.Final")
            .put("connector", "mariadb")
            .put("name", "crm")
            .put("ts_ms", 1_767_225_600_000L)
            .put("snapshot", "false")
            .put("db", "sales")
            .put("ts_us", 1_767_225_600_000_000L)
            .put("ts_ns", 1_767_225_600_000_000_000L)
            .put("table", "customers")
            .put("server_id", 1L)
            .put("gtid", "0-1-4711")
            .put("file", "mysql-bin.000003")
            .put("pos", 81_234L)
            .put("row", 0)
            .put("thread", 42L);
    return envelope.update(before, after, block, Instant.ofEpochMilli(1_767_225_600_012L));
  }

  private static Struct customer(Schema row, String phone) {
    return new Struct(row)
        .put("id", 1_000_123L)
        .put("first_name", "Zoë")
        .put("last_name", "Müller-Lüdenscheidt")
        .put("email", "zoe.mueller@example.ch")
        .put("phone", phone)
        .put("street", "Bahnhofstrasse 1")
        .put("city", "Zürich")
        .put("country_code", "CH")
        .put("credit_limit", "12500.00")
        .put("updated_at", 1_767_225_600_000L);
  }
}
