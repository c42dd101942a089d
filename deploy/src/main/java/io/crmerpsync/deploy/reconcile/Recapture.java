package io.crmerpsync.deploy.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditDecision;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Asks a CRM capture to read chosen rows again: a Debezium blocking snapshot of those rows (signal
 * {@code execute-snapshot}, type {@code blocking}, a {@code SELECT ... WHERE id IN (...)}) on the
 * capture's signal topic, keyed by its topic prefix. The capture pauses its binlog reading, reads
 * the rows as they are now, and resumes; the rows reach the pipeline as snapshot reads positioned
 * after everything it holds, so the golden records take them. Each row is audited ({@code
 * RECAPTURE_REQUESTED}, with who asked and why).
 */
public final class Recapture {
  /** Rows per signal: one snapshot query each, a short {@code IN} list. */
  public static final int ROWS_PER_SIGNAL = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Recapture() {}

  /** {@code a.b} as {@code `a`.`b`}, MariaDB's and MySQL's quoting. */
  static String quotedName(String name) {
    StringBuilder quoted = new StringBuilder();
    for (String part : name.split("\\.")) {
      if (quoted.length() > 0) {
        quoted.append('.');
      }
      quoted.append('`').append(part.replace("`", "``")).append('`');
    }
    return quoted.toString();
  }

  /** The audit trail's key of the CRM row {@code id}: {@code {"id":42}}. */
  static String rowKey(String id) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    if (!id.isEmpty() && id.length() < 19 && id.chars().allMatch(Character::isDigit)) {
      key.put("id", Long.parseLong(id));
    } else {
      key.put("id", id);
    }
    return key.toString();
  }

  /** A row to read again and why: what reconcile found. */
  public record Row(String id, String finding) {}

  /**
   * One table a re-read covers: its rows whose {@code column} is one of the ids read, e.g. {@code
   * sales.orders} by {@code id} and {@code sales.order_lines} by {@code order_id}.
   *
   * @param dataCollection {@code database.table}, as Debezium names the table
   */
  public record Table(String dataCollection, String column) {}

  /**
   * The signals (JSON) that read again, for each of {@code tables}, its rows whose column is one of
   * {@code ids}, {@link #ROWS_PER_SIGNAL} ids per signal: all tables of a chunk of ids in one
   * snapshot, so that an order's header and lines are read together. A numeric id goes into the
   * condition as a number, any other as an SQL string literal.
   */
  public static List<String> signals(List<Table> tables, List<String> ids) {
    List<String> signals = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += ROWS_PER_SIGNAL) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ROWS_PER_SIGNAL));
      List<String> literals = new ArrayList<>();
      for (String id : chunk) {
        literals.add(
            !id.isEmpty() && id.chars().allMatch(Character::isDigit)
                ? id
                : "'" + id.replace("\\", "\\\\").replace("'", "''") + "'");
      }
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      data.put("type", "blocking");
      ArrayNode collections = data.putArray("data-collections");
      ArrayNode conditions = data.putArray("additional-conditions");
      for (Table table : tables) {
        collections.add(table.dataCollection());
        conditions
            .addObject()
            .put("data-collection", table.dataCollection())
            .put(
                "filter",
                // A blocking snapshot takes the whole statement that reads the table.
                "SELECT * FROM "
                    + quotedName(table.dataCollection())
                    + " WHERE "
                    + quotedName(table.column())
                    + " IN ("
                    + String.join(",", literals)
                    + ")");
      }
      ObjectNode signal = JsonNodeFactory.instance.objectNode();
      signal.put("id", UUID.randomUUID().toString());
      signal.put("type", "execute-snapshot");
      signal.set("data", data);
      try {
        signals.add(JSON.writeValueAsString(signal));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("cannot write a signal", e);
      }
    }
    return signals;
  }

  /**
   * Audits every row of {@code rows} as {@code RECAPTURE_REQUESTED} under {@code table}, then
   * writes the signals that read them again from {@code tables} to {@code signalTopic} keyed by
   * {@code topicPrefix}, each acknowledged by Kafka before this returns. Returns the number of
   * signals written.
   */
  public static int request(
      OperatorKafka kafka,
      SchemaRegistryClient registry,
      String signalTopic,
      String topicPrefix,
      List<Table> tables,
      String table,
      String sourceSystem,
      List<Row> rows,
      String by,
      String reason) {
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
      if (consumer.partitionsFor(signalTopic, kafka.timeout()).isEmpty()) {
        throw new IllegalStateException(
            "signal topic "
                + signalTopic
                + " does not exist on "
                + kafka.bootstrapServers()
                + ": the CRM capture creates it when it starts with cdc.signal.topic set");
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw kafka.unreachable(e);
    }
    AvroWireSerde<AuditEvent> audit = AvroWireSerde.forValues(registry, AuditEvent.class);
    List<String> signals = signals(tables, rows.stream().map(Row::id).toList());
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    Instant now = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Row row : rows) {
        String key = rowKey(row.id());
        AuditEvent event =
            AuditEvent.newBuilder()
                .setTable(table)
                .setKey(key)
                .setDecision(AuditDecision.RECAPTURE_REQUESTED)
                .setRule(
                    "reconcile: "
                        + row.finding()
                        + "; "
                        + by
                        + " asked "
                        + topicPrefix
                        + "'s capture to read the row again, because: "
                        + reason)
                .setSourceSystem(sourceSystem)
                .setDecidedAt(now)
                .build();
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    Topics.AUDIT,
                    Topics.auditKey(table, key).getBytes(StandardCharsets.UTF_8),
                    audit.serialize(Topics.AUDIT, event))));
      }
      for (String signal : signals) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    signalTopic,
                    0,
                    topicPrefix.getBytes(StandardCharsets.UTF_8),
                    signal.getBytes(StandardCharsets.UTF_8))));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : sent) {
        ack.get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "the re-capture signals were not all acknowledged by Kafka at "
              + kafka.bootstrapServers()
              + ": "
              + e.getMessage()
              + " (sending them again is harmless: the rows are read as they are)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending re-capture signals", e);
    }
    return signals.size();
  }
}
