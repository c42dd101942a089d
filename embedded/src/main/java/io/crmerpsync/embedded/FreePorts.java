package io.crmerpsync.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds loopback ports for the embedded servers.
 *
 * <p>Limit: a port is free when asked and taken by the server a moment later, so another process
 * could grab it in between; on a test machine that race is rare and shows as a bind error.
 */
final class FreePorts {

  private FreePorts() {}

  /** A port that the operating system reports free on 127.0.0.1 right now. */
  static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** {@code preferred} when it can be bound on 127.0.0.1 now, otherwise a fresh free port. */
  static int preferOrNext(int preferred) {
    if (preferred <= 0) {
      return next();
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred), 1);
      return preferred;
    } catch (IOException e) {
      return next();
    }
  }
}
