package io.crmerpsync.erp.sink.metrics;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of one sink task: plain adders, readable through {@link #snapshot()} and JMX, so the
 * plugin needs no metrics library next to Connect's own.
 */
public final class SinkCounters implements ErpSinkMetricsMXBean {

  private static final Logger log = LoggerFactory.getLogger(SinkCounters.class);

  private final LongAdder applied = new LongAdder();
  private final LongAdder skippedStale = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder tombstones = new LongAdder();
  private ObjectName registeredAs;

  public void addApplied(long n) {
    applied.add(n);
  }

  public void addSkippedStale(long n) {
    skippedStale.add(n);
  }

  public void addRejected(long n) {
    rejected.add(n);
  }

  public void addTombstones(long n) {
    tombstones.add(n);
  }

  public SinkCounts snapshot() {
    return new SinkCounts(applied.sum(), skippedStale.sum(), rejected.sum(), tombstones.sum());
  }

  @Override
  public long getApplied() {
    return applied.sum();
  }

  @Override
  public long getSkippedStale() {
    return skippedStale.sum();
  }

  @Override
  public long getRejected() {
    return rejected.sum();
  }

  @Override
  public long getTombstones() {
    return tombstones.sum();
  }

  /**
   * Registers these counters with the platform MBean server. Metrics are optional: a name clash
   * (the same task started twice in one JVM) or a JMX failure is logged, never fatal.
   */
  public synchronized void registerJmx(String connector, String task) {
    try {
      ObjectName name =
          new ObjectName(
              "io.crmerpsync.erp.sink:type=ErpSinkTask,connector="
                  + ObjectName.quote(connector)
                  + ",task="
                  + ObjectName.quote(task));
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(this, name);
      registeredAs = name;
    } catch (InstanceAlreadyExistsException e) {
      log.warn("ERP sink counters of {} task {} already registered in JMX", connector, task);
    } catch (JMException | RuntimeException e) {
      log.warn("Cannot register ERP sink counters in JMX: {}", e.toString());
    }
  }

  /** Removes the JMX registration, if any. */
  public synchronized void unregisterJmx() {
    if (registeredAs == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
    } catch (JMException | RuntimeException e) {
      log.debug("Cannot unregister {}: {}", registeredAs, e.toString());
    }
    registeredAs = null;
  }
}
