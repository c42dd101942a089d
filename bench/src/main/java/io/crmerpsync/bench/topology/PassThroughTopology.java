package io.crmerpsync.bench.topology;

import io.crmerpsync.streams.change.RawChangeDecoder;
import io.crmerpsync.streams.topology.RawTopics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The baseline the real topology is compared with: it reads the same raw topics, decodes each
 * record with the real {@link RawChangeDecoder} (JSON envelope and position) and forwards the
 * original bytes to one output topic. No state store, no version gate, no Avro, no re-keying.
 */
public final class PassThroughTopology {
  /** Where the pass-through topology writes. */
  public static final String OUTPUT_TOPIC = "bench.passthrough.v1";

  static final String SOURCE = "bench-raw-source";
  static final String DECODER = "bench-decode-only";
  static final String SINK = "bench-passthrough-sink";

  private PassThroughTopology() {}

  public static Topology build(RawTopics rawTopics) {
    ByteArrayDeserializer bytes = new ByteArrayDeserializer();
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, bytes, bytes, rawTopics.customers(), rawTopics.orders(), rawTopics.orderLines());
    topology.addProcessor(DECODER, DecodeAndForward::new, SOURCE);
    topology.addSink(
        SINK, OUTPUT_TOPIC, new ByteArraySerializer(), new ByteArraySerializer(), DECODER);
    return topology;
  }

  /** Decodes to prove the record readable, then forwards it unchanged. */
  private static final class DecodeAndForward implements Processor<byte[], byte[], byte[], byte[]> {
    private final RawChangeDecoder decoder = new RawChangeDecoder();
    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      decoder.decode(record.key(), record.value());
      context.forward(record);
    }
  }
}
