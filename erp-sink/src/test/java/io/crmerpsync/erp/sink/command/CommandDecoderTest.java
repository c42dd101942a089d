package io.crmerpsync.erp.sink.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class CommandDecoderTest {

  private static ErpCommand.Builder command(String entity) {
    return ErpCommand.newBuilder()
        .setEntity(entity)
        .setSourceSystem("crm")
        .setSourceRef("C-1")
        .setAction(ErpAction.UPSERT)
        .setVersion(1)
        .setIdempotencyKey("crm:C-1:1")
        .setSourcePosition("0-1-1")
        .setCommitTime(Instant.EPOCH)
        .setCustomer(null)
        .setOrder(null);
  }

  private static ErpCustomer customer() {
    return ErpCustomer.newBuilder()
        .setFirstName("Ada")
        .setLastName("Lovelace")
        .setEmail("ada@example.com")
        .setCountryCode("GB")
        .setCreditLimit(new BigDecimal("1.00"))
        .setPaymentTermsDays(30)
        .setStatus("ACTIVE")
        .build();
  }

  @Test
  void shouldAcceptAWellFormedCustomerUpsert() {
    assertThat(
            CommandDecoder.contractViolation(command("customer").setCustomer(customer()).build()))
        .isEmpty();
  }

  @Test
  void shouldAcceptADeleteThatOnlyNamesTheKey() {
    assertThat(
            CommandDecoder.contractViolation(command("order").setAction(ErpAction.DELETE).build()))
        .isEmpty();
  }

  @Test
  void shouldRefuseAnUnknownEntity() {
    assertThat(CommandDecoder.contractViolation(command("invoice").build()))
        .hasValueSatisfying(p -> assertThat(p).contains("unknown entity 'invoice'"));
  }

  @Test
  void shouldRefuseAnUpsertWithoutPayloadOrWithTheWrongOne() {
    assertThat(CommandDecoder.contractViolation(command("order").build()))
        .hasValueSatisfying(p -> assertThat(p).contains("no order payload"));
    assertThat(CommandDecoder.contractViolation(command("order").setCustomer(customer()).build()))
        .hasValueSatisfying(p -> assertThat(p).contains("carries a customer"));
  }

  @Test
  void shouldRefuseABlankSourceRef() {
    assertThat(
            CommandDecoder.contractViolation(
                command("customer").setSourceRef(" ").setCustomer(customer()).build()))
        .hasValueSatisfying(p -> assertThat(p).contains("must not be blank"));
  }

  @Test
  void shouldRetryWhenTheRegistryCannotBeReached() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CommandDecoder decoder = decoderFor("http://127.0.0.1:" + closedPort);

    assertThatThrownBy(() -> decoder.decode(RECORD))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("t-0@5");
  }

  @Test
  void shouldRetryWhenTheRegistryAnswersWithAServerError() throws Exception {
    HttpServer registry = registryAnswering(503);
    try {
      assertThatThrownBy(() -> decoderFor(urlOf(registry)).decode(RECORD))
          .isInstanceOf(RetriableException.class);
    } finally {
      registry.stop(0);
    }
  }

  @Test
  void shouldStopTheTaskWhenTheRegistryRefusesAccess() throws Exception {
    HttpServer registry = registryAnswering(401);
    try {
      assertThatThrownBy(() -> decoderFor(urlOf(registry)).decode(RECORD))
          .isInstanceOf(ConnectException.class)
          .isNotInstanceOf(RetriableException.class)
          .hasMessageContaining("schema.registry.url");
    } finally {
      registry.stop(0);
    }
  }

  private static final SinkRecord RECORD =
      new SinkRecord("t", 0, null, "k", null, new byte[] {0, 0, 0, 0, 7, 2}, 5);

  private static CommandDecoder decoderFor(String url) {
    return new CommandDecoder(
        AvroWireSerde.forValues(
            new RestSchemaRegistryClient(url, Duration.ofSeconds(2)), ErpCommand.class));
  }

  /** A real HTTP endpoint that answers every request with {@code status}. */
  private static HttpServer registryAnswering(int status) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("{\"error_code\":" + status + ",\"message\":\"no\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static String urlOf(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
