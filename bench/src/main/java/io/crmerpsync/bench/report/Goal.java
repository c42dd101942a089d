package io.crmerpsync.bench.report;

/**
 * A goal of issue 5 and where this run stands against it.
 *
 * @param goal the goal as the issue states it
 * @param measured the figure that decides it, or why it was not measured
 * @param status met, missed, or not measured
 */
public record Goal(String goal, String measured, Status status) {

  /** Where a run stands against a goal. */
  public enum Status {
    MET("met"),
    MISSED("missed"),
    NOT_MEASURED("not measured");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** MET when {@code ok}, else MISSED. */
    public static Status of(boolean ok) {
      return ok ? MET : MISSED;
    }
  }

  public static Goal notMeasured(String goal, String why) {
    return new Goal(goal, why, Status.NOT_MEASURED);
  }
}
