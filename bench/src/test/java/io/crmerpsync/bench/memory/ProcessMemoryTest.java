package io.crmerpsync.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
  private static final String STATUS =
      "Name:\tjava\n"
          + "Umask:\t0022\n"
          + "State:\tS (sleeping)\n"
          + "VmPeak:\t 5123456 kB\n"
          + "VmSize:\t 5023456 kB\n"
          + "VmHWM:\t  912345 kB\n"
          + "VmRSS:\t  876543 kB\n"
          + "RssAnon:\t  800000 kB\n"
          + "Threads:\t87\n";

  @Test
  void shouldReadTheResidentSetInKibibytesFromProcStatus() {
    assertThat(ProcessMemory.kibibytes(STATUS, "VmRSS")).hasValue(876_543);
    assertThat(ProcessMemory.kibibytes(STATUS, "VmHWM")).hasValue(912_345);
  }

  @Test
  void shouldNotMistakeAFieldWhoseNameStartsTheSame() {
    String status = "VmRSSx:\t 1 kB\nVmRSS:\t 2 kB\n";

    assertThat(ProcessMemory.kibibytes(status, "VmRSS")).hasValue(2);
  }

  @Test
  void shouldReportAMissingFieldAsUnknown() {
    assertThat(ProcessMemory.kibibytes("Name:\tjava\n", "VmRSS")).isEmpty();
  }

  @Test
  void shouldRefuseALineInAnotherUnit() {
    assertThatThrownBy(() -> ProcessMemory.kibibytes("VmRSS:\t 12 MB\n", "VmRSS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VmRSS");
  }

  @Test
  void shouldReadThisProcessHeapAfterACollectionAndItsResidentSet() {
    ProcessMemory memory = ProcessMemory.afterGc();

    assertThat(memory.heapAfterGcBytes()).isPositive();
    assertThat(memory.heapCommittedBytes()).isGreaterThanOrEqualTo(memory.heapAfterGcBytes());
    assertThat(ProcessMemory.mib(3 * 1024 * 1024)).isEqualTo(3.0);
  }
}
