package io.crmerpsync.erp.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An empty directory under target/ for one test class's database server. */
final class FreshDirectory {
  private FreshDirectory() {}

  /** Deletes {@code target/<name>} with everything in it, so the server starts from nothing. */
  static Path under(String name) {
    Path dir = Path.of("target", name).toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(FreshDirectory::delete);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot clear " + dir, e);
      }
    }
    return dir;
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
