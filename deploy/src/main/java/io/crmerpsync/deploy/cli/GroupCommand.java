package io.crmerpsync.deploy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code conflicts}, {@code resync}, {@code reconcile}):
 * run alone, it prints its usage. Also what the operators' subcommands share to report a failure.
 */
abstract class GroupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Prints {@code e}'s message as the error of {@code command} and returns exit code 1. */
  static int failed(CommandLine.Model.CommandSpec command, IllegalStateException e) {
    PrintWriter err = command.commandLine().getErr();
    err.println("error: " + e.getMessage());
    err.flush();
    return 1;
  }
}
