package io.crmerpsync.bench.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.RawChangeDecoder;
import io.crmerpsync.streams.topology.RawTopics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawChangeGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RawTopics topics = RawTopics.of("crm", "sales");

  @Test
  void shouldWriteChangesTheStreamsDecoderReadsWithEndMarkersThatCountThem() throws Exception {
    List<RawChangeGenerator.RawRecord> records = new ArrayList<>();
    RawChangeGenerator.Counts counts =
        new RawChangeGenerator(topics, 7).generate(500, records::add);

    RawChangeDecoder decoder = new RawChangeDecoder();
    Map<String, Long> changesPerTransaction = new HashMap<>();
    Map<String, Long> countedByEnd = new HashMap<>();
    long changes = 0;
    for (RawChangeGenerator.RawRecord record : records) {
      if (record.topic().equals(topics.transactions())) {
        JsonNode marker = JSON.readTree(record.value());
        if (marker.path("status").asText().equals("END")) {
          countedByEnd.put(marker.path("id").asText(), marker.path("event_count").asLong());
        }
      } else {
        RawChange change = decoder.decode(record.key(), record.value());
        changesPerTransaction.merge(change.transactionId(), 1L, Long::sum);
        changes++;
      }
    }

    assertThat(changes).isEqualTo(counts.changes()).isGreaterThanOrEqualTo(500);
    assertThat(counts.customers()).isPositive();
    assertThat(counts.orders()).isPositive();
    assertThat(counts.orderLines()).isPositive();
    assertThat(records).hasSize((int) counts.records());
    assertThat(countedByEnd).hasSize((int) counts.transactions()).isEqualTo(changesPerTransaction);
  }

  @Test
  void shouldGiveEveryChangeOfAKeyAHigherPositionThanTheOneBefore() {
    List<RawChangeGenerator.RawRecord> records = new ArrayList<>();
    new RawChangeGenerator(topics, 11).generate(300, records::add);

    RawChangeDecoder decoder = new RawChangeDecoder();
    Map<String, RawChange> last = new HashMap<>();
    for (RawChangeGenerator.RawRecord record : records) {
      if (record.topic().equals(topics.transactions())) {
        continue;
      }
      RawChange change = decoder.decode(record.key(), record.value());
      String key = record.topic() + change.key();
      RawChange before = last.put(key, change);
      if (before != null) {
        assertThat(change.position().isAfter(before.position())).as(key).isTrue();
      }
    }
    assertThat(last).isNotEmpty();
  }

  @Test
  void shouldProduceTheSameRecordsForTheSameSeed() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    new RawChangeGenerator(topics, 3).generate(100, r -> first.add(new String(r.value())));
    new RawChangeGenerator(topics, 3).generate(100, r -> second.add(new String(r.value())));

    assertThat(first).isEqualTo(second);
  }

  @Test
  void shouldInsertEachCustomerOnceInTransactionsOfTheAskedSize() {
    List<RawChangeGenerator.RawRecord> records = new ArrayList<>();
    RawChangeGenerator.Counts counts =
        new RawChangeGenerator(topics, 7).generateCustomerInserts(250, 100, records::add);

    RawChangeDecoder decoder = new RawChangeDecoder();
    List<Long> ids = new ArrayList<>();
    for (RawChangeGenerator.RawRecord record : records) {
      if (record.topic().equals(topics.customers())) {
        RawChange change = decoder.decode(record.key(), record.value());
        ids.add(change.longColumn("id"));
      }
    }

    assertThat(counts.customers()).isEqualTo(250);
    assertThat(counts.transactions()).isEqualTo(3);
    assertThat(records).hasSize(250 + 6);
    assertThat(ids).doesNotHaveDuplicates().hasSize(250).contains(1L, 250L);
  }
}
