package io.crmerpsync.streams.conflict;

/**
 * The resolver's decision about one field: the verdict, the rule, the value that holds the field
 * now and the value that lost (for the audit trail and the conflict topic).
 *
 * @param contested for a conflict, the other side's value that the field held before going back to
 *     the agreed one; null otherwise
 */
public record Decision(
    String field,
    Verdict verdict,
    String rule,
    FieldValue holding,
    FieldValue lost,
    FieldValue contested) {}
