package io.crmerpsync.deploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.deploy.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** The launcher's commands run against an embedded pipeline, as an operator would run them. */
final class PipelineCommands {
  private PipelineCommands() {}

  /** A command's exit code and what it printed. */
  record Result(int code, String output) {}

  /**
   * What the launcher prints for {@code args} with the pipeline's {@code --bootstrap-servers}
   * added; the command must succeed.
   */
  static String run(EmbeddedPipeline pipeline, String... args) {
    Result result = execute(pipeline, args);
    assertThat(result.code()).as(result.output()).isZero();
    return result.output();
  }

  /** The launcher run with {@code args} and the pipeline's {@code --bootstrap-servers}. */
  static Result execute(EmbeddedPipeline pipeline, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    all.addAll(java.util.List.of("--bootstrap-servers", pipeline.kafka().bootstrapServers()));
    int code =
        Main.commandLine(new PrintStream(out, true), System.err)
            .execute(all.toArray(String[]::new));
    return new Result(code, out.toString());
  }

  /** What {@code audit --table table --key id} prints; the command must succeed. */
  static String auditTrail(EmbeddedPipeline pipeline, String table, long id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Main.commandLine(new PrintStream(out, true), System.err)
            .execute(
                "audit",
                "--bootstrap-servers",
                pipeline.kafka().bootstrapServers(),
                "--registry-url",
                pipeline.registry().baseUri().toString(),
                "--table",
                table,
                "--key",
                Long.toString(id));
    assertThat(code).isZero();
    return out.toString();
  }
}
