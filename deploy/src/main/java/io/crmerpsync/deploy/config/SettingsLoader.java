package io.crmerpsync.deploy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Loads a component's settings from a properties file, then lets environment variables override
 * them: setting {@code crm.host} is overridden by {@code SYNC_CRM_HOST} (upper case, every
 * character that is not a letter or digit becomes {@code _}). Only settings that the component
 * defines are looked up in the environment, so unrelated variables never leak in.
 */
public final class SettingsLoader {
  /** Prefix of the environment variables that override settings. */
  public static final String ENV_PREFIX = "SYNC_";

  private SettingsLoader() {}

  /** The settings in {@code file} (may be null: none), overridden from {@code env}. */
  public static Map<String, String> load(Path file, Map<String, String> env, ConfigDef... defs) {
    Map<String, String> settings = new HashMap<>();
    if (file != null) {
      settings.putAll(readFile(file));
    }
    for (ConfigDef def : defs) {
      for (String name : def.names()) {
        String value = env.get(envName(name));
        if (value != null) {
          settings.put(name, value);
        }
      }
    }
    return settings;
  }

  /** The environment variable that overrides {@code setting}. */
  public static String envName(String setting) {
    return ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "configuration file '" + file.toAbsolutePath() + "' does not exist or is not a file");
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file '" + file + "': " + e.getMessage());
    }
    Map<String, String> settings = new HashMap<>();
    props.stringPropertyNames().forEach(name -> settings.put(name, props.getProperty(name).trim()));
    return settings;
  }
}
