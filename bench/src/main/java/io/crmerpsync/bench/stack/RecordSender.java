package io.crmerpsync.bench.stack;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A byte-array producer that sends without waiting and remembers the first failure, so a bench can
 * write many records fast and still refuse to measure on an input that did not arrive whole: {@link
 * #flush()} throws it.
 */
public final class RecordSender implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final String what;

  /**
   * @param settings producer settings (bootstrap servers included)
   * @param what what is sent, for the failure message, e.g. "the raw customers"
   */
  public RecordSender(Map<String, Object> settings, String what) {
    this.producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    this.what = what;
  }

  public void send(String topic, byte[] key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (meta, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  /** Fetches {@code topic}'s metadata, so that the first send does not wait for it. */
  public void prepare(String topic) {
    producer.partitionsFor(topic);
  }

  /** Waits until every record sent is acknowledged; throws if any failed. */
  public void flush() {
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("sending " + what + " failed", failure.get());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
