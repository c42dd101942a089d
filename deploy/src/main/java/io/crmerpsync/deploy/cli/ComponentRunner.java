package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.metrics.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs one long-lived component until Ctrl-C or until it fails, with a Prometheus endpoint. Returns
 * the process exit code: 0 after a requested stop, 1 when the component failed.
 */
final class ComponentRunner {
  /** A started component: closeable, and able to say whether it still runs. */
  interface Running extends AutoCloseable {
    boolean isRunning();

    /** A component that stops with {@code stop} and runs while {@code running} says so. */
    static Running of(AutoCloseable stop, BooleanSupplier running) {
      return new Running() {
        @Override
        public boolean isRunning() {
          return running.getAsBoolean();
        }

        @Override
        public void close() throws Exception {
          stop.close();
        }
      };
    }
  }

  /** Starts a component with the shared meter registry. */
  interface Starter {
    Running start(PrometheusMeterRegistry meters) throws Exception;
  }

  private ComponentRunner() {}

  static int run(String name, int metricsPort, Starter starter, PrintStream out) throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(meters, "0.0.0.0", metricsPort);
        Running component = starter.start(meters)) {
      out.printf("%s running; metrics on port %d; Ctrl-C to stop%n", name, endpoint.port());
      BooleanSupplier running = component::isRunning;
      while (!stop.await(1, TimeUnit.SECONDS)) {
        if (!running.getAsBoolean()) {
          out.println(name + " stopped because of an error; see the log");
          return 1;
        }
      }
      return 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook has run: the JVM is stopping.
      }
    }
  }
}
