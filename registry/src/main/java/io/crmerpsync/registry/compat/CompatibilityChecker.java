package io.crmerpsync.registry.compat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Decides whether a candidate schema may follow earlier versions of a subject under a {@link
 * CompatibilityLevel}, using Avro's own reader/writer resolution rules ({@link
 * SchemaCompatibility}), so the answer is exactly what a consumer's decoder will do.
 *
 * <p>Pure and stateless: it is given the versions to compare against and never looks anything up.
 */
public final class CompatibilityChecker {

  /** An earlier version of the subject the candidate is compared against. */
  public record Earlier(int version, Schema schema) {}

  /**
   * Checks {@code candidate} against {@code earlier} (oldest first) under {@code level}. A
   * non-transitive level compares with the last entry only; a transitive one with all of them. With
   * no earlier version everything is compatible.
   */
  public CompatibilityResult check(
      Schema candidate, List<Earlier> earlier, CompatibilityLevel level) {
    if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
      return CompatibilityResult.compatible();
    }
    List<Earlier> compared =
        level.isTransitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
    List<String> messages = new ArrayList<>();
    for (Earlier old : compared) {
      if (level.newMustReadOld()) {
        messages.addAll(
            describe(
                level,
                candidate,
                old.schema(),
                "the new schema cannot read data written with version " + old.version()));
      }
      if (level.oldMustReadNew()) {
        messages.addAll(
            describe(
                level,
                old.schema(),
                candidate,
                "version " + old.version() + " cannot read data written with the new schema"));
      }
    }
    return new CompatibilityResult(messages.isEmpty(), messages);
  }

  private static List<String> describe(
      CompatibilityLevel level, Schema reader, Schema writer, String direction) {
    SchemaCompatibility.SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    List<String> messages = new ArrayList<>();
    for (Incompatibility incompatibility : result.getIncompatibilities()) {
      messages.add(
          level
              + ": "
              + direction
              + ": "
              + explain(incompatibility)
              + " (at "
              + incompatibility.getLocation()
              + ")");
    }
    return messages;
  }

  /** Turns Avro's terse incompatibility (type + detail) into a sentence an operator can act on. */
  static String explain(Incompatibility incompatibility) {
    String detail = incompatibility.getMessage();
    return switch (incompatibility.getType()) {
      case READER_FIELD_MISSING_DEFAULT_VALUE ->
          "reader field '" + detail + "' has no default value and is missing from writer";
      case TYPE_MISMATCH -> "type mismatch: " + detail;
      case NAME_MISMATCH ->
          "reader type name '"
              + incompatibility.getReaderFragment().getFullName()
              + "' does not match the writer's name, "
              + detail;
      case FIXED_SIZE_MISMATCH -> "fixed size mismatch, " + detail;
      case MISSING_ENUM_SYMBOLS ->
          "reader enum '"
              + incompatibility.getReaderFragment().getFullName()
              + "' lacks writer symbols "
              + detail
              + " and has no default symbol";
      case MISSING_UNION_BRANCH -> detail;
    };
  }
}
