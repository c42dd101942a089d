package io.crmerpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class CommitPacingTest {
  private static final long T0 = 1_800_000_000_000L;

  private final CommitPacing pacing =
      CommitPacing.between(Duration.ofMillis(50), Duration.ofMillis(1_000));

  /** One paced processor in its own mock task, forwarding what it gets. */
  private final class Task {
    final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    final List<String> seen = new ArrayList<>();
    final Processor<String, String, String, String> processor =
        pacing
            .<String, String, String, String>pace(
                () ->
                    new Processor<>() {
                      private ProcessorContext<String, String> ctx;

                      @Override
                      public void init(ProcessorContext<String, String> ctx) {
                        this.ctx = ctx;
                      }

                      @Override
                      public void process(Record<String, String> record) {
                        seen.add(record.value());
                        ctx.forward(record);
                      }
                    })
            .get();

    Task() {
      context.setCurrentSystemTimeMs(T0);
      processor.init(context);
    }

    void process(String value, long now, long ageMs) {
      context.setCurrentSystemTimeMs(now);
      processor.process(new Record<>("k", value, now - ageMs));
    }

    /** Runs the punctuator at {@code now}; whether it asked for a commit (then forgotten). */
    boolean punctuate(long now) {
      context.setCurrentSystemTimeMs(now);
      CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
      punctuator.getPunctuator().punctuate(now);
      boolean asked = context.committed();
      context.resetCommit();
      return asked;
    }
  }

  @Test
  void delayIsAQuarterOfTheAgeBetweenTheTwoIntervals() {
    assertThat(pacing.delayFor(0)).isEqualTo(50);
    assertThat(pacing.delayFor(199)).isEqualTo(50);
    assertThat(pacing.delayFor(400)).isEqualTo(100);
    assertThat(pacing.delayFor(2_000)).isEqualTo(500);
    assertThat(pacing.delayFor(60_000)).isEqualTo(1_000);
  }

  @Test
  void processorPunctuatesAtTheShortIntervalAndStillProcessesAndForwards() {
    Task task = new Task();
    assertThat(task.context.scheduledPunctuators())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getInterval()).isEqualTo(Duration.ofMillis(50));
              assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
            });
    task.process("a", T0, 5);
    assertThat(task.seen).containsExactly("a");
    assertThat(task.context.forwarded()).hasSize(1);
  }

  @Test
  void keepingUpAsksEveryIntervalAndOnlyAfterRecords() {
    Task task = new Task();
    assertThat(task.punctuate(T0 + 50)).as("nothing processed yet").isFalse();
    task.process("a", T0 + 60, 20);
    assertThat(task.punctuate(T0 + 100)).isTrue();
    task.process("b", T0 + 110, 20);
    assertThat(task.punctuate(T0 + 130)).as("30 ms after the last request").isFalse();
    assertThat(task.punctuate(T0 + 150)).isTrue();
    assertThat(task.punctuate(T0 + 200)).as("no record since").isFalse();
  }

  @Test
  void behindItAsksAfterAQuarterOfTheAgeAtMostTheBacklogInterval() {
    Task task = new Task();
    task.process("first", T0, 10);
    assertThat(task.punctuate(T0 + 50)).isTrue();
    // A backlog: records two seconds old wait up to 500 ms for their commit.
    task.process("old", T0 + 60, 2_000);
    assertThat(task.punctuate(T0 + 100)).isFalse();
    assertThat(task.punctuate(T0 + 500)).isFalse();
    assertThat(task.punctuate(T0 + 550)).isTrue();
    // A replay from last week: never more than the backlog interval.
    task.process("older", T0 + 560, Duration.ofDays(7).toMillis());
    assertThat(task.punctuate(T0 + 1_500)).isFalse();
    assertThat(task.punctuate(T0 + 1_550)).isTrue();
  }

  @Test
  void theOldestRecordOfTheThreadGovernsEveryTaskOnIt() {
    Task behind = new Task();
    Task current = new Task();
    behind.process("old", T0, 4_000);
    current.process("fresh", T0, 5);
    assertThat(current.punctuate(T0 + 50)).isTrue();
    behind.process("old", T0 + 60, 4_000);
    current.process("fresh", T0 + 60, 5);
    assertThat(current.punctuate(T0 + 100))
        .as("the thread's commit covers the task that is behind too")
        .isFalse();
    assertThat(behind.punctuate(T0 + 1_000)).isFalse();
    assertThat(behind.punctuate(T0 + 1_050)).isTrue();
  }

  @Test
  void aProcessorWithNothingSinceTheLastRequestLeavesTheRequestToOneThatHas() {
    Task idle = new Task();
    Task busy = new Task();
    idle.process("once", T0, 5);
    busy.process("a", T0, 5);
    assertThat(busy.punctuate(T0 + 50)).isTrue();
    busy.process("b", T0 + 60, 5);
    // Kafka Streams would ignore a request of the idle task, which has nothing to commit.
    assertThat(idle.punctuate(T0 + 110)).isFalse();
    assertThat(busy.punctuate(T0 + 110)).isTrue();
  }

  @Test
  void aTimestampAheadOfTheClockCountsAsNoAge() {
    Task task = new Task();
    task.process("first", T0, 0);
    assertThat(task.punctuate(T0 + 50)).isTrue();
    task.process("skewed", T0 + 60, -60_000);
    assertThat(task.punctuate(T0 + 100)).isTrue();
  }

  @Test
  void refusesABacklogIntervalShorterThanTheInterval() {
    assertThatThrownBy(() -> CommitPacing.between(Duration.ofMillis(100), Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(50 ms) must not be shorter than the commit interval (100 ms)");
    assertThatThrownBy(() -> CommitPacing.between(Duration.ZERO, Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }
}
