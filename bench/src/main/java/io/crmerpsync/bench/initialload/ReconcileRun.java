package io.crmerpsync.bench.initialload;

import io.crmerpsync.deploy.pipeline.EmbeddedPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code reconcile customers} with the CRM compared too, run as an operator runs it: in a JVM of
 * its own with a capped heap, against the pipeline after the initial load. Its peak resident memory
 * is read from {@code /proc/<pid>/status} (VmHWM) while it runs.
 */
final class ReconcileRun {
  /** The heap cap of the reconcile JVM. */
  static final String MAX_HEAP = "-Xmx1g";

  /**
   * What one run measured.
   *
   * @param liveAfterGcMib the largest heap occupancy right after a collection (the live set, as
   *     near as the GC log shows it); -1 when the log had no collection
   */
  record Result(
      double seconds, long peakRssKib, long liveAfterGcMib, int exitCode, String output) {}

  private static final java.util.regex.Pattern AFTER_GC =
      java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private ReconcileRun() {}

  static Result run(EmbeddedPipeline pipeline, Path dir) throws IOException, InterruptedException {
    Path output = dir.resolve("reconcile.out");
    Path gcLog = dir.resolve("reconcile-gc.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    MAX_HEAP,
                    "-Xlog:gc:file=" + gcLog,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.crmerpsync.deploy.cli.Main",
                    "reconcile",
                    "customers",
                    "--bootstrap-servers",
                    pipeline.kafka().bootstrapServers(),
                    "--registry-url",
                    pipeline.registry().baseUri().toString(),
                    "--erp-url",
                    pipeline.erp().jdbcUrl(),
                    "--erp-user",
                    pipeline.erp().user(),
                    "--crm-url",
                    pipeline.crm().jdbcUrl(EmbeddedPipeline.CRM_DATABASE),
                    "--crm-user",
                    "root"))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("SYNC_ERP_PASSWORD", pipeline.erp().password());
    long begin = System.nanoTime();
    Process process = builder.start();
    long peak = 0;
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, highWaterMark(status));
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    return new Result(
        seconds,
        peak,
        liveAfterGc(Files.exists(gcLog) ? Files.readString(gcLog) : ""),
        process.exitValue(),
        Files.readString(output));
  }

  /** The largest heap after a collection in a {@code -Xlog:gc} log, in MiB; -1 without one. */
  static long liveAfterGc(String log) {
    long largest = -1;
    java.util.regex.Matcher m = AFTER_GC.matcher(log);
    while (m.find()) {
      largest = Math.max(largest, Long.parseLong(m.group(2)));
    }
    return largest;
  }

  /** VmHWM of a live process in KiB; 0 once it is gone or where /proc has none. */
  static long highWaterMark(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
