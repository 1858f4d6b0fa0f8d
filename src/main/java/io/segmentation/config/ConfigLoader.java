package io.segmentation.config;

import static io.segmentation.config.ConfigValues.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.segmentation.errors.Errors;
import io.segmentation.errors.UserException;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds a {@link JobConfig} from the bundled defaults, a config file, {@code --set} overrides and
 * command-line options, in increasing order of precedence. Unknown keys and bad values fail with
 * {@link UserException} (exit 2) naming the key, the value and what is allowed.
 */
public final class ConfigLoader {
  private static final String REFERENCE = "reference.conf";

  private ConfigLoader() {}

  /** The bundled defaults, unresolved. */
  public static Config reference() {
    return ConfigFactory.parseResources(
        ConfigLoader.class, REFERENCE, ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * Loads the effective configuration.
   *
   * @param configFile optional HOCON file ({@code --config})
   * @param sets {@code key=value} overrides ({@code --set}), later ones win
   * @param options values from dedicated command-line options, keyed by config path; they win
   */
  public static JobConfig load(
      Optional<String> configFile, List<String> sets, Map<String, String> options) {
    return ConfigParser.parse(effective(configFile, sets, options));
  }

  /** The merged and resolved configuration tree, before validation into a {@link JobConfig}. */
  public static Config effective(
      Optional<String> configFile, List<String> sets, Map<String, String> options) {
    Config reference = reference();
    Config user = ConfigFactory.empty();
    if (configFile.isPresent()) {
      File file = new File(configFile.get());
      if (!file.isFile()) {
        throw Errors.configFileMissing(configFile.get());
      }
      try {
        Config fromFile = ConfigFactory.parseFile(file);
        checkKnownKeys(fromFile.root(), reference.root(), "", "in " + file.getPath());
        user = fromFile;
      } catch (ConfigException.Parse e) {
        throw Errors.configSyntax(file.getPath(), e.getMessage());
      }
    }
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw Errors.badSetOption(set);
      }
      String key = set.substring(0, eq).trim();
      String value = set.substring(eq + 1).trim();
      checkKnownPath(key, reference, "from --set");
      user = withValue(key, value).withFallback(user);
    }
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (option.getValue() != null) {
        user = withValue(option.getKey(), option.getValue()).withFallback(user);
      }
    }
    try {
      return user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw Errors.configSyntax("the configuration", e.getMessage());
    }
  }

  /**
   * Renders the effective configuration as HOCON for the run log and the run summary, with secrets
   * masked: values of keys that look like secrets (password, secret, token, credential, key) and
   * the user-info part of URIs ({@code s3a://AKIA...:secret@bucket}) become {@value #MASK}.
   */
  public static String render(Config config) {
    Config masked = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String key = e.getKey();
      ConfigValue v = e.getValue();
      if (SECRET_KEY.matcher(key).find()) {
        masked = masked.withValue(key, ConfigValueFactory.fromAnyRef(MASK));
      } else if (v.valueType() == ConfigValueType.STRING
          && URI_USER_INFO.matcher((String) v.unwrapped()).find()) {
        String clean = URI_USER_INFO.matcher((String) v.unwrapped()).replaceAll("$1" + MASK + "@");
        masked = masked.withValue(key, ConfigValueFactory.fromAnyRef(clean));
      }
    }
    return masked.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
  }

  public static final String MASK = "*****";
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i)(password|passwd|secret|token|credential|access[.-]?key|api[.-]?key)");
  private static final Pattern URI_USER_INFO = Pattern.compile("(\\w[\\w+.-]*://)[^/@\\s]+@");

  private static Config withValue(String key, String value) {
    ConfigValue parsed;
    if (value.startsWith("[")) {
      try {
        parsed = ConfigFactory.parseString("v = " + value).getValue("v");
      } catch (ConfigException e) {
        throw Errors.badConfigValue(key, value, "a list must be written like [a, b]");
      }
    } else {
      parsed = ConfigValueFactory.fromAnyRef(value);
    }
    return ConfigFactory.empty().withValue(key, parsed);
  }

  private static void checkKnownPath(String key, Config reference, String origin) {
    String[] parts = key.split("\\.");
    ConfigObject level = reference.root();
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      ConfigValue value = level.get(parts[i]);
      if (value == null) {
        throw Errors.unknownConfigKey(key, origin, new TreeSet<>(level.keySet()));
      }
      prefix.append(i == 0 ? "" : ".").append(parts[i]);
      boolean last = i == parts.length - 1;
      if (!last) {
        if (value.valueType() != ConfigValueType.OBJECT) {
          throw Errors.unknownConfigKey(key, origin, List.of(prefix.toString()));
        }
        level = (ConfigObject) value;
      } else if (value.valueType() == ConfigValueType.OBJECT) {
        throw Errors.badConfigValue(
            key,
            "(a single value)",
            "it is a section; set one of " + ((ConfigObject) value).keySet());
      }
    }
  }

  private static void checkKnownKeys(
      ConfigObject user, ConfigObject reference, String prefix, String origin) {
    for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
      String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      ConfigValue known = reference.get(entry.getKey());
      if (known == null) {
        throw Errors.unknownConfigKey(key, origin, new TreeSet<>(reference.keySet()));
      }
      if (known.valueType() == ConfigValueType.OBJECT) {
        if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
          throw Errors.badConfigValue(
              key, entry.getValue().unwrapped(), "it must be a section { ... }");
        }
        checkKnownKeys((ConfigObject) entry.getValue(), (ConfigObject) known, key, origin);
      }
    }
  }

  // ---- validation into the record ----

  /**
   * Validates a source column name from configuration: letters (any script), digits, spaces and
   * {@code _ - . / # % ( )}. Quotes, backticks, semicolons and control characters are refused, so a
   * column override can never change the meaning of a Spark expression or SQL text.
   */
  static String sourceColumnName(String key, String value) {
    if (!value.matches("[\\p{L}\\p{N} _\\-./#%()]{1,128}")) {
      throw Errors.badConfigValue(
          key,
          value,
          "a column name may use letters, digits, spaces and _ - . / # % ( ) (at most 128)");
    }
    return value;
  }

  /** Validates a SQL identifier from configuration (database names). */
  public static String identifier(String key, String value) {
    if (!value.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      throw Errors.badConfigValue(key, value, "it must be a plain identifier (letters, digits, _)");
    }
    return value;
  }
}
