package io.crmerpsync.bench.delivery;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The same customer upserts in the two forms the compared sinks take: wire-format {@link
 * ErpCommand} records as Connect hands them to the project's ERP sink (String key, Avro bytes with
 * the registry's schema id), and flat Connect Structs with the same columns for Debezium's JDBC
 * sink (key struct = primary key). The first half of the commands inserts {@code keys} customers at
 * version 1, the second half updates each of them to version 2.
 */
final class CustomerCommands {
  static final String SOURCE = "crm";
  private static final Instant COMMIT_TIME = Instant.parse("2026-03-01T10:15:30.123Z");

  static final Schema KEY_SCHEMA =
      SchemaBuilder.struct()
          .name("bench.customer.Key")
          .field("source_system", Schema.STRING_SCHEMA)
          .field("source_ref", Schema.STRING_SCHEMA)
          .build();

  static final Schema VALUE_SCHEMA =
      SchemaBuilder.struct()
          .name("bench.customer.Value")
          .field("action", Schema.STRING_SCHEMA)
          .field("first_name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("last_name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("company_name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("email", Schema.OPTIONAL_STRING_SCHEMA)
          .field("phone", Schema.OPTIONAL_STRING_SCHEMA)
          .field("tax_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("street", Schema.OPTIONAL_STRING_SCHEMA)
          .field("city", Schema.OPTIONAL_STRING_SCHEMA)
          .field("postal_code", Schema.OPTIONAL_STRING_SCHEMA)
          .field("country_code", Schema.OPTIONAL_STRING_SCHEMA)
          .field("credit_limit", Decimal.builder(2).optional().build())
          .field("payment_terms_days", Schema.OPTIONAL_INT32_SCHEMA)
          .field("status", Schema.OPTIONAL_STRING_SCHEMA)
          .field("source_version", Schema.INT64_SCHEMA)
          .field("idempotency_key", Schema.OPTIONAL_STRING_SCHEMA)
          .field("source_position", Schema.OPTIONAL_STRING_SCHEMA)
          .field("source_commit_time", Timestamp.builder().optional().build())
          .build();

  /** DDL of the table Debezium's sink writes: the customer interface table's columns and key. */
  static String flatTableDdl(String table) {
    return "CREATE TABLE "
        + table
        + " (source_system TEXT NOT NULL, source_ref TEXT NOT NULL, action TEXT NOT NULL,"
        + " first_name TEXT, last_name TEXT, company_name TEXT, email TEXT, phone TEXT,"
        + " tax_id TEXT, street TEXT, city TEXT, postal_code TEXT, country_code VARCHAR(2),"
        + " credit_limit NUMERIC(14,2), payment_terms_days INT, status TEXT,"
        + " source_version BIGINT NOT NULL, idempotency_key TEXT, source_position TEXT,"
        + " source_commit_time TIMESTAMPTZ, PRIMARY KEY (source_system, source_ref))";
  }

  private CustomerCommands() {}

  /** Customer {@code ref} at {@code version}; the values differ per version. */
  static ErpCommand command(long ref, long version) {
    ErpCustomer customer =
        ErpCustomer.newBuilder()
            .setFirstName("Ada")
            .setLastName(version == 1 ? "Lovelace" : "King")
            .setCompanyName("Analytical Engines Ltd")
            .setEmail("ada." + ref + "@example.com")
            .setPhone("+44 20 7946 " + (ref % 10_000))
            .setTaxId("GB" + (100_000_000 + ref))
            .setStreet(version + " High Street")
            .setCity("London")
            .setPostalCode("EC1A 1BB")
            .setCountryCode("GB")
            .setCreditLimit(new BigDecimal(1000 + version * 500 + ".00"))
            .setPaymentTermsDays(30)
            .setStatus("ACTIVE")
            .build();
    String key = Long.toString(ref);
    return ErpCommand.newBuilder()
        .setEntity("customer")
        .setSourceSystem(SOURCE)
        .setSourceRef(key)
        .setAction(ErpAction.UPSERT)
        .setVersion(version)
        .setIdempotencyKey(SOURCE + ":customer:" + key + ":" + version)
        .setSourcePosition("1/" + (ref * 100 + version) + "/b/1/0")
        .setCommitTime(COMMIT_TIME)
        .setCustomer(customer)
        .setOrder(null)
        .build();
  }

  /** {@code count} commands: keys 1..count/2 at version 1, then the same keys at version 2. */
  static List<ErpCommand> commands(int count) {
    int keys = count / 2;
    List<ErpCommand> commands = new ArrayList<>(count);
    for (int version = 1; version <= 2; version++) {
      for (long ref = 1; ref <= keys; ref++) {
        commands.add(command(ref, version));
      }
    }
    return commands;
  }

  /** The records Connect hands the ERP sink (StringConverter key, ByteArrayConverter value). */
  static List<SinkRecord> wireRecords(List<ErpCommand> commands, AvroWireSerde<ErpCommand> serde) {
    List<SinkRecord> records = new ArrayList<>(commands.size());
    long offset = 0;
    for (ErpCommand command : commands) {
      records.add(
          new SinkRecord(
              Topics.ERP_COMMANDS_CUSTOMERS,
              0,
              Schema.STRING_SCHEMA,
              command.getSourceRef(),
              Schema.OPTIONAL_BYTES_SCHEMA,
              serde.serialize(Topics.ERP_COMMANDS_CUSTOMERS, command),
              offset++));
    }
    return records;
  }

  /** The same commands as flat Structs, as a JSON or Avro converter would give Debezium's sink. */
  static List<SinkRecord> structRecords(List<ErpCommand> commands, String topic) {
    List<SinkRecord> records = new ArrayList<>(commands.size());
    long offset = 0;
    for (ErpCommand command : commands) {
      ErpCustomer c = command.getCustomer();
      Struct key =
          new Struct(KEY_SCHEMA)
              .put("source_system", command.getSourceSystem())
              .put("source_ref", command.getSourceRef());
      Struct value =
          new Struct(VALUE_SCHEMA)
              .put("action", command.getAction().name())
              .put("first_name", c.getFirstName())
              .put("last_name", c.getLastName())
              .put("company_name", c.getCompanyName())
              .put("email", c.getEmail())
              .put("phone", c.getPhone())
              .put("tax_id", c.getTaxId())
              .put("street", c.getStreet())
              .put("city", c.getCity())
              .put("postal_code", c.getPostalCode())
              .put("country_code", c.getCountryCode())
              .put("credit_limit", c.getCreditLimit())
              .put("payment_terms_days", c.getPaymentTermsDays())
              .put("status", c.getStatus())
              .put("source_version", command.getVersion())
              .put("idempotency_key", command.getIdempotencyKey())
              .put("source_position", command.getSourcePosition())
              .put("source_commit_time", Date.from(command.getCommitTime()));
      records.add(new SinkRecord(topic, 0, KEY_SCHEMA, key, VALUE_SCHEMA, value, offset++));
    }
    return records;
  }
}
