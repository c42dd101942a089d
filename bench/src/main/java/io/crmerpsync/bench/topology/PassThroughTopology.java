package io.crmerpsync.bench.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmerpsync.streams.change.RawChangeDecoder;
import io.crmerpsync.streams.topology.RawTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The baseline the real topology is compared with: it reads the same raw topics, decodes each row
 * change with the real {@link RawChangeDecoder} (JSON envelope and position) and each transaction
 * marker as JSON, and forwards the original bytes to one output topic. No state store, no version
 * gate, no transaction assembly, no Avro, no re-keying.
 */
public final class PassThroughTopology {
  /** Where the pass-through topology writes. */
  public static final String OUTPUT_TOPIC = "bench.passthrough.v1";

  static final String SOURCE = "bench-raw-source";
  static final String MARKERS_SOURCE = "bench-markers-source";
  static final String DECODER = "bench-decode-only";
  static final String MARKER_DECODER = "bench-decode-markers-only";
  static final String SINK = "bench-passthrough-sink";

  private PassThroughTopology() {}

  public static Topology build(RawTopics rawTopics) {
    ByteArrayDeserializer bytes = new ByteArrayDeserializer();
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, bytes, bytes, rawTopics.customers(), rawTopics.orders(), rawTopics.orderLines());
    topology.addProcessor(DECODER, () -> new DecodeAndForward(false), SOURCE);
    topology.addSource(MARKERS_SOURCE, bytes, bytes, rawTopics.transactions());
    topology.addProcessor(MARKER_DECODER, () -> new DecodeAndForward(true), MARKERS_SOURCE);
    topology.addSink(
        SINK,
        OUTPUT_TOPIC,
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        DECODER,
        MARKER_DECODER);
    return topology;
  }

  /** Decodes to prove the record readable, then forwards it unchanged. */
  private static final class DecodeAndForward implements Processor<byte[], byte[], byte[], byte[]> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RawChangeDecoder decoder = new RawChangeDecoder();
    private final boolean markers;
    private ProcessorContext<byte[], byte[]> context;

    DecodeAndForward(boolean markers) {
      this.markers = markers;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      if (markers) {
        try {
          JSON.readTree(record.value());
        } catch (IOException e) {
          throw new UncheckedIOException("transaction marker is not JSON", e);
        }
      } else {
        decoder.decode(record.key(), record.value());
      }
      context.forward(record);
    }
  }
}
