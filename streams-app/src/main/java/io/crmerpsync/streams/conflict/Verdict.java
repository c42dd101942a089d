package io.crmerpsync.streams.conflict;

/** What the resolver decided about one changed field. */
public enum Verdict {
  /** The change became the field's value. */
  ACCEPTED,
  /** The source does not own the field; the change is rejected. */
  REJECTED_NOT_OWNER,
  /** Newest-wins: the field holds a later (or equally late, better-ranked) change. */
  LOST_OLDER,
  /** Priority: the field holds a change from a better-ranked source. */
  LOST_PRIORITY,
  /** Review: concurrent edits from two sources; back to the last agreed value, for review. */
  CONFLICT
}
