package io.crmerpsync.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run measured: cores, memory, JDK, OS, and the load average (other processes share
 * the CPU, which moves every figure). Memory and load come from /proc on Linux; elsewhere they read
 * "unknown".
 */
public record MachineInfo(
    int cores, String memory, String jdk, String os, String jvmArgs, String load) {

  /** The machine this JVM runs on, now. */
  public static MachineInfo current() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        totalMemory(),
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        loadAverage());
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String totalMemory() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
      for (String line : lines) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through.
    }
    return "unknown";
  }
}
