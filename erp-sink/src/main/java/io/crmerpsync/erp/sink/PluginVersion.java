package io.crmerpsync.erp.sink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The plugin's version, read from a resource that Maven fills in at build time, so Connect's REST
 * API ({@code GET /connector-plugins}) reports the jar's real version.
 */
final class PluginVersion {
  private static final String RESOURCE = "erp-sink-version.properties";
  private static final String VERSION = load();

  private PluginVersion() {}

  static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = PluginVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
