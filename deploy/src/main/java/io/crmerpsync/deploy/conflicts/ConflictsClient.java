package io.crmerpsync.deploy.conflicts;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.customer.ConflictResolution;
import io.crmerpsync.streams.customer.CustomerConflict;
import io.crmerpsync.streams.topology.JsonSerde;
import io.crmerpsync.streams.topology.TopologyNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads the conflicts' states from {@code sync.conflicts.v1} and writes operators' resolutions to
 * {@code sync.conflict-resolutions.v1}. The conflicts topic is read whole (it holds only conflicts,
 * for a week), without a consumer group; the latest record per customer and field is the conflict's
 * state. Every failure is an {@link IllegalStateException} whose message an operator can act on.
 */
public final class ConflictsClient {
  private static final JsonSerde<CustomerConflict> CONFLICTS =
      new JsonSerde<>(CustomerConflict.class);
  private static final JsonSerde<ConflictResolution> RESOLUTIONS =
      new JsonSerde<>(ConflictResolution.class);

  private final OperatorKafka kafka;

  public ConflictsClient(String bootstrapServers, Duration timeout) {
    this.kafka = new OperatorKafka(bootstrapServers, timeout);
  }

  /**
   * The latest state of every conflict, oldest raised first; with {@code customerId} not null, of
   * that customer's conflicts only.
   */
  public List<CustomerConflict> latestStates(String customerId) {
    Map<String, CustomerConflict> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : kafka.partitionsOf(consumer, Topics.CONFLICTS)) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, kafka.timeout());
      long deadline = System.nanoTime() + kafka.timeout().toNanos();
      while (!OperatorKafka.reachedEnds(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + Topics.CONFLICTS + " to its end within " + kafka.seconds());
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          CustomerConflict conflict =
              CONFLICTS.deserializer().deserialize(record.topic(), record.value());
          if (conflict != null
              && (customerId == null || customerId.equals(conflict.customerId()))) {
            latest.put(conflict.customerId() + "/" + conflict.field(), conflict);
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw kafka.unreachable(e);
    }
    List<CustomerConflict> states = new ArrayList<>(latest.values());
    states.sort(Comparator.comparingLong(CustomerConflict::raisedAtMs));
    return states;
  }

  /**
   * Writes {@code resolution}, keyed by customer id like the golden record, after checking that the
   * resolutions topic exists with the partition count of the customer changes (else the resolution
   * would reach a task that does not hold the customer).
   */
  public RecordMetadata write(ConflictResolution resolution) {
    kafka.requireCoPartitioned(
        Topics.CONFLICT_RESOLUTIONS, TopologyNames.CUSTOMER_CHANGES_TOPIC, "a resolution");
    Map<String, Object> config = kafka.producerConfig();
    try (KafkaProducer<String, ConflictResolution> producer =
        new KafkaProducer<>(config, new StringSerializer(), RESOLUTIONS.serializer())) {
      return producer
          .send(
              new ProducerRecord<>(
                  Topics.CONFLICT_RESOLUTIONS, resolution.customerId(), resolution))
          .get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "the resolution was not acknowledged by Kafka at "
              + kafka.bootstrapServers()
              + " within "
              + kafka.seconds()
              + ": "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the resolution", e);
    }
  }
}
