package io.crmerpsync.streams.topology;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * When the application asks Kafka Streams to commit (decision 17).
 *
 * <p>Kafka Streams commits on its own every {@code backlogInterval} (its {@code
 * commit.interval.ms}). While the application keeps up with its input, every task also asks for a
 * commit every {@code interval} ({@link ProcessorContext#commit()}), so a change waits about one
 * {@code interval} before readers of committed records only (the ERP sink) see it. When the records
 * it processes are older, as in a backlog after an outage, an initial load or a replay, it asks
 * after a quarter of their age ({@link #AGE_DIVISOR}), at most every {@code backlogInterval}. An
 * exactly-once commit waits for the producer's flush and two round trips to the broker; committing
 * less often while behind spends that time on the backlog, and delays each record by at most a
 * quarter of the time it has already waited.
 *
 * <p>The age of a record is the wall clock minus its timestamp (when the capture wrote it). The
 * commits of a stream thread cover all of its tasks, so the pacing is kept per stream thread, not
 * per task: a task that keeps up must not make the others commit at its pace while they are behind.
 * At a punctuation, a processor that has processed records since its thread's last request asks for
 * a commit when that request is longer ago than the delay for the oldest record the thread
 * processed since.
 */
public final class CommitPacing {
  /** A commit waits at most this fraction (1/4) of the age of the records it covers. */
  public static final int AGE_DIVISOR = 4;

  private static final long NONE = -1;

  private final long intervalMs;
  private final long backlogIntervalMs;
  private final ThreadLocal<Round> rounds = ThreadLocal.withInitial(Round::new);

  /** One stream thread's state: the oldest record since its last request, and when that was. */
  static final class Round {
    private long oldestAgeMs = NONE;
    private long askedAtMs = Long.MIN_VALUE / 2;
    // Counts the requests; a processor asks only if it processed records since the last one, so
    // that its own task needs the commit (Kafka Streams ignores a request of a task that does not).
    private long requests;

    /** Notes a processed record {@code ageMs} old (negative, from a skewed clock, counts as 0). */
    void observe(long ageMs) {
      oldestAgeMs = Math.max(oldestAgeMs, Math.max(0, ageMs));
    }
  }

  private CommitPacing(long intervalMs, long backlogIntervalMs) {
    this.intervalMs = intervalMs;
    this.backlogIntervalMs = backlogIntervalMs;
  }

  /**
   * Pacing between {@code interval} (keeping up) and {@code backlogInterval} (far behind); the
   * latter is what Kafka Streams' own {@code commit.interval.ms} must be.
   */
  public static CommitPacing between(Duration interval, Duration backlogInterval) {
    long shortest = interval.toMillis();
    long longest = backlogInterval.toMillis();
    if (shortest <= 0) {
      throw new IllegalArgumentException("commit interval must be positive, was " + interval);
    }
    if (longest < shortest) {
      throw new IllegalArgumentException(
          "the backlog commit interval ("
              + longest
              + " ms) must not be shorter than the commit interval ("
              + shortest
              + " ms)");
    }
    return new CommitPacing(shortest, longest);
  }

  /** The shortest interval between commits, asked for while keeping up. */
  public Duration interval() {
    return Duration.ofMillis(intervalMs);
  }

  /** The longest interval between commits: Kafka Streams' own commit interval. */
  public Duration backlogInterval() {
    return Duration.ofMillis(backlogIntervalMs);
  }

  /** How long after the last request a commit of records {@code ageMs} old at most is due. */
  long delayFor(long ageMs) {
    return Math.min(backlogIntervalMs, Math.max(intervalMs, ageMs / AGE_DIVISOR));
  }

  /** The calling stream thread's round. */
  Round round() {
    return rounds.get();
  }

  /**
   * Whether a commit is due at {@code nowMs} on {@code round}'s thread; if so, it is taken as asked
   * for, and the next one waits for new records and a new delay.
   */
  boolean commitDue(Round round, long nowMs) {
    if (round.oldestAgeMs == NONE || nowMs - round.askedAtMs < delayFor(round.oldestAgeMs)) {
      return false;
    }
    round.askedAtMs = nowMs;
    round.oldestAgeMs = NONE;
    round.requests++;
    return true;
  }

  /** {@code supplier}'s processors, each asking for commits at this pacing. */
  public <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> pace(
      ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
    return () -> new Paced<>(supplier.get(), this);
  }

  /** A processor that notes the age of what it processes and asks for commits at the pacing. */
  static final class Paced<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
    private final Processor<KIn, VIn, KOut, VOut> inner;
    private final CommitPacing pacing;
    private ProcessorContext<KOut, VOut> context;
    private Round round;
    // The thread's request count when this processor last processed a record; -1 before.
    private long processedAtRequest = -1;

    Paced(Processor<KIn, VIn, KOut, VOut> inner, CommitPacing pacing) {
      this.inner = inner;
      this.pacing = pacing;
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
      this.context = context;
      context.schedule(pacing.interval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
      inner.init(context);
    }

    @Override
    public void process(Record<KIn, VIn> record) {
      Round round = round();
      round.observe(context.currentSystemTimeMs() - record.timestamp());
      processedAtRequest = round.requests;
      inner.process(record);
    }

    /**
     * The round of the stream thread that runs this task: taken at the first record or punctuation,
     * which that thread runs (a task's initialization may run on another one).
     */
    private Round round() {
      if (round == null) {
        round = pacing.round();
      }
      return round;
    }

    private void punctuate(long nowMs) {
      Round round = round();
      if (processedAtRequest == round.requests && pacing.commitDue(round, nowMs)) {
        context.commit();
      }
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
