package io.crmerpsync.deploy.resync;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.customer.ResyncRequest;
import io.crmerpsync.streams.topology.JsonSerde;
import io.crmerpsync.streams.topology.TopologyNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes operators' resync requests to {@code sync.resync-requests.customers.v1}, and finds every
 * customer the pipeline holds (for {@code resync customers --all}) in the canonical customers
 * topic, which carries the latest record of every customer (compacted; a deleted customer is a
 * tombstone). Every failure is an {@link IllegalStateException} whose message an operator can act
 * on.
 */
public final class ResyncClient {
  private static final JsonSerde<ResyncRequest> REQUESTS = new JsonSerde<>(ResyncRequest.class);

  private final OperatorKafka kafka;

  public ResyncClient(String bootstrapServers, Duration timeout) {
    this.kafka = new OperatorKafka(bootstrapServers, timeout);
  }

  /**
   * The keys of every customer whose latest canonical record is not a deletion, in the order first
   * seen; {@code progress} is told the number of records read every 10,000 records.
   */
  public List<String> liveCustomerKeys(LongConsumer progress) {
    return liveKeys(Topics.CANONICAL_CUSTOMERS, progress);
  }

  /** The keys of {@code canonicalTopic} whose latest record is not a deletion. */
  public List<String> liveKeys(String canonicalTopic, LongConsumer progress) {
    List<String> live = new ArrayList<>();
    kafka
        .latestByKey(canonicalTopic, progress)
        .forEach(
            (key, value) -> {
              if (value != null) {
                live.add(key);
              }
            });
    return live;
  }

  /**
   * Writes one request per key, keyed by the customer key like the golden record, after checking
   * that the requests topic has the partition count of the customer changes (else a request would
   * reach a task that does not hold the customer); {@code progress} is told the number of requests
   * acknowledged every 10,000. Returns how many were written.
   */
  public long write(Collection<String> customerKeys, ResyncRequest request, LongConsumer progress) {
    return write(
        Topics.RESYNC_REQUESTS_CUSTOMERS,
        TopologyNames.CUSTOMER_CHANGES_TOPIC,
        customerKeys,
        request,
        progress);
  }

  /**
   * Writes one request per key to {@code topic}, after checking that it has the partition count of
   * {@code keyedLike}, the topic whose keys it shares; as {@link #write(Collection, ResyncRequest,
   * LongConsumer)}.
   */
  public long write(
      String topic,
      String keyedLike,
      Collection<String> recordKeys,
      ResyncRequest request,
      LongConsumer progress) {
    Set<String> keys = new LinkedHashSet<>(recordKeys);
    kafka.requireCoPartitioned(topic, keyedLike, "a request");
    Map<String, Object> config = kafka.producerConfig();
    // A request not acknowledged within the timeout fails (delivery covers linger and the request).
    int requestTimeoutMs = (int) Math.max(kafka.timeout().toMillis(), 1000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, requestTimeoutMs + 10);
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<String, ResyncRequest> producer =
        new KafkaProducer<>(config, new StringSerializer(), REQUESTS.serializer())) {
      for (String key : keys) {
        if (failed.get() != null) {
          break;
        }
        producer.send(
            new ProducerRecord<>(topic, key, request),
            (metadata, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              } else if (acknowledged.incrementAndGet() % 10_000 == 0) {
                progress.accept(acknowledged.get());
              }
            });
      }
      producer.flush();
    } catch (KafkaException e) {
      failed.compareAndSet(null, e);
    }
    if (failed.get() != null) {
      throw new IllegalStateException(
          acknowledged.get()
              + " of "
              + keys.size()
              + " resync requests were acknowledged by Kafka at "
              + kafka.bootstrapServers()
              + "; the rest failed: "
              + failed.get().getMessage()
              + " (writing them again is harmless: a resync sends the current state)",
          failed.get());
    }
    return acknowledged.get();
  }
}
