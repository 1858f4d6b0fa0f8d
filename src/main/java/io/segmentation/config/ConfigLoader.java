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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
  public static JobConfig load(Optional<String> configFile, List<String> sets, Map<String, String> options) {
    return parse(effective(configFile, sets, options));
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
   * masked: values of keys that look like secrets (password, secret, token, credential, key) and the
   * user-info part of URIs ({@code s3a://AKIA...:secret@bucket}) become {@value #MASK}.
   */
  public static String render(Config config) {
    Config masked = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String key = e.getKey();
      ConfigValue v = e.getValue();
      if (SECRET_KEY.matcher(key).find()) {
        masked = masked.withValue(key, ConfigValueFactory.fromAnyRef(MASK));
      } else if (v.valueType() == ConfigValueType.STRING && URI_USER_INFO.matcher((String) v.unwrapped()).find()) {
        String clean = URI_USER_INFO.matcher((String) v.unwrapped()).replaceAll("$1" + MASK + "@");
        masked = masked.withValue(key, ConfigValueFactory.fromAnyRef(clean));
      }
    }
    return masked.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
  }

  public static final String MASK = "*****";
  private static final java.util.regex.Pattern SECRET_KEY =
      java.util.regex.Pattern.compile("(?i)(password|passwd|secret|token|credential|access[.-]?key|api[.-]?key)");
  private static final java.util.regex.Pattern URI_USER_INFO = java.util.regex.Pattern.compile("(\\w[\\w+.-]*://)[^/@\\s]+@");

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
            key, "(a single value)", "it is a section; set one of " + ((ConfigObject) value).keySet());
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
          throw Errors.badConfigValue(key, entry.getValue().unwrapped(), "it must be a section { ... }");
        }
        checkKnownKeys((ConfigObject) entry.getValue(), (ConfigObject) known, key, origin);
      }
    }
  }

  // ---- validation into the record ----

  static JobConfig parse(Config c) {
    JobConfig.Input input =
        new JobConfig.Input(
            optionalString(c, "input.path").orElse(null),
            enumValue(c, "input.format", InputFormat.class),
            enumValue(c, "input.preset", io.segmentation.ingest.ColumnPreset.class),
            nameOverrides(c, "input.columns", io.segmentation.ingest.SourceColumn.class, io.segmentation.ingest.SourceColumn::configKey),
            new JobConfig.Csv(
                bool(c, "input.csv.header"),
                singleChar(c, "input.csv.delimiter", true),
                singleChar(c, "input.csv.quote", false),
                singleChar(c, "input.csv.escape", false),
                charset(c, "input.csv.encoding"),
                bool(c, "input.csv.decimal-comma"),
                bool(c, "input.csv.multi-line"),
                nonEmptyList(c, "input.csv.timestamp-patterns")),
            cancellationPrefix(c),
            enumValue(c, "input.level", InputLevel.class),
            new JobConfig.Attributes(
                optionalString(c, "input.attributes.path"),
                enumValue(c, "input.attributes.format", InputFormat.class),
                nameOverrides(c, "input.attributes.columns", io.segmentation.ingest.CustomerAttribute.class,
                    io.segmentation.ingest.CustomerAttribute::configKey)));
    JobConfig.Cleaning cleaning =
        new JobConfig.Cleaning(
            bool(c, "cleaning.drop-duplicates"),
            stringList(c, "cleaning.non-product-codes"),
            optionalDate(c, "cleaning.max-date"),
            disabledRules(c),
            doubleIn(c, "cleaning.max-rejected-share", 0.0, 1.0, "it must be a share between 0 and 1"),
            doubleIn(c, "cleaning.warn-rejected-share", 0.0, 1.0, "it must be a share between 0 and 1"));
    List<String> kmeans = nonEmptyList(c, "features.kmeans");
    List<String> log1p = stringList(c, "features.log1p");
    boolean customerLevel = input.level() == InputLevel.CUSTOMERS;
    if (customerLevel && kmeans.equals(reference().getStringList("features.kmeans"))) {
      kmeans = List.of(); // every numeric column, resolved when the input is read
      log1p = List.of();
    } else if (customerLevel && log1p.equals(reference().getStringList("features.log1p"))) {
      List<String> chosen = kmeans;
      log1p = io.segmentation.features.FeatureColumns.SKEWED.stream().filter(chosen::contains).toList();
    }
    for (String f : kmeans) {
      if (customerLevel) {
        identifier("features.kmeans", f);
      } else if (!io.segmentation.features.FeatureColumns.NUMERIC.contains(f)) {
        throw Errors.badConfigValue(
            "features.kmeans", f, "allowed features are " + io.segmentation.features.FeatureColumns.NUMERIC);
      }
    }
    for (String f : log1p) {
      if (!kmeans.contains(f)) {
        throw Errors.badConfigValue("features.log1p", f, "every log1p feature must also be in features.kmeans " + kmeans);
      }
    }
    JobConfig.Features features =
        new JobConfig.Features(
            optionalDate(c, "features.reference-date"),
            string(c, "features.home-country"),
            kmeans,
            log1p,
            doubleIn(c, "features.cap-percentile", 0.0, 1.0, "it must be between 0 (off) and 1"));
    int kMin = intAtLeast(c, "model.k-min", 2);
    int kMax = intAtLeast(c, "model.k-max", 2);
    if (kMax < kMin) {
      throw Errors.badConfigValue("model.k-max", kMax, "it must be >= model.k-min (" + kMin + ")");
    }
    int k = intAtLeast(c, "model.k", 0);
    if (k == 1) {
      throw Errors.badConfigValue("model.k", k, "it must be 0 (search the range) or at least 2");
    }
    JobConfig.Model model =
        new JobConfig.Model(
            kMin,
            kMax,
            k,
            c.getLong("model.seed"),
            intAtLeast(c, "model.max-iter", 1),
            doubleIn(c, "model.min-segment-share", 0.0, 0.5, "it must be between 0 and 0.5"),
            intAtLeast(c, "model.parallelism", 1),
            intAtLeast(c, "model.restarts", 1),
            bool(c, "model.warm-start"));
    JobConfig.Output output =
        new JobConfig.Output(
            string(c, "output.path"), optionalString(c, "output.database"), bool(c, "output.optimize"),
            bool(c, "output.report"));
    output.database().ifPresent(db -> identifier("output.database", db));
    if (output.path().isBlank()) {
      throw Errors.missingConfigValue("output.path", "set it with --output or output.path");
    }
    JobConfig.Generate generate =
        new JobConfig.Generate(
            intAtLeast(c, "generate.customers", 10),
            c.getLong("generate.seed"),
            date(c, "generate.start-date"),
            date(c, "generate.end-date"));
    if (!generate.endDate().isAfter(generate.startDate())) {
      throw Errors.badConfigValue("generate.end-date", generate.endDate(), "it must be after generate.start-date");
    }
    JobConfig.Privacy privacy =
        new JobConfig.Privacy(bool(c, "privacy.pseudonymize-customer-id"), string(c, "privacy.key-env"));
    if (!privacy.keyEnv().matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      throw Errors.badConfigValue("privacy.key-env", privacy.keyEnv(), "it must be the name of an environment variable");
    }
    return new JobConfig(input, cleaning, features, model, output, privacy, generate, identity(c));
  }

  /** The cancellation prefix: "" = the preset's, "none" = negative quantities only. */
  private static Optional<String> cancellationPrefix(Config c) {
    String value = string(c, "input.cancellation-prefix");
    io.segmentation.ingest.ColumnPreset preset = enumValue(c, "input.preset", io.segmentation.ingest.ColumnPreset.class);
    if (value.isEmpty()) {
      return Optional.ofNullable(preset.cancellationPrefix());
    }
    return value.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(value);
  }

  private static java.util.Set<io.segmentation.ingest.RejectReason> disabledRules(Config c) {
    java.util.Set<io.segmentation.ingest.RejectReason> disabled =
        java.util.EnumSet.noneOf(io.segmentation.ingest.RejectReason.class);
    String allowed =
        Arrays.stream(io.segmentation.ingest.RejectReason.values())
            .filter(io.segmentation.ingest.RejectReason::canBeDisabled)
            .map(io.segmentation.ingest.RejectReason::code)
            .collect(Collectors.joining(", "));
    for (String name : stringList(c, "cleaning.disabled-rules")) {
      io.segmentation.ingest.RejectReason rule =
          Arrays.stream(io.segmentation.ingest.RejectReason.values())
              .filter(r -> r.code().equals(name) && r.canBeDisabled())
              .findFirst()
              .orElseThrow(() -> Errors.badConfigValue("cleaning.disabled-rules", name, "rules that can be disabled are " + allowed));
      disabled.add(rule);
    }
    return java.util.Collections.unmodifiableSet(disabled);
  }

  /** Non-empty column-name overrides under {@code section}, one key per enum constant. */
  private static <E extends Enum<E>> java.util.Map<E, String> nameOverrides(
      Config c, String section, Class<E> type, java.util.function.Function<E, String> key) {
    java.util.Map<E, String> m = new java.util.EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      String name = string(c, section + "." + key.apply(e));
      if (!name.isEmpty()) {
        sourceColumnName(section + "." + key.apply(e), name);
        m.put(e, name);
      }
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Validates a source column name from configuration: letters (any script), digits, spaces and
   * {@code _ - . / # % ( )}. Quotes, backticks, semicolons and control characters are refused, so
   * a column override can never change the meaning of a Spark expression or SQL text.
   */
  static String sourceColumnName(String key, String value) {
    if (!value.matches("[\\p{L}\\p{N} _\\-./#%()]{1,128}")) {
      throw Errors.badConfigValue(
          key, value, "a column name may use letters, digits, spaces and _ - . / # % ( ) (at most 128)");
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

  /** Issue 16: identity thresholds and drift alarms. */
  private static JobConfig.Identity identity(Config c) {
    String nonNegative = "it must be a number >= 0";
    JobConfig.Drift drift =
        new JobConfig.Drift(
            doubleIn(c, "drift.max-centroid-shift", 0.0, 1e6, nonNegative),
            doubleIn(c, "drift.max-share-change", 0.0, 1.0, "it must be between 0 and 1"),
            doubleIn(c, "drift.max-silhouette-drop", 0.0, 2.0, "it must be between 0 and 2"),
            doubleIn(c, "drift.max-changed-share", 0.0, 1.0, "it must be between 0 and 1"),
            doubleIn(c, "drift.max-psi", 0.0, 1e6, nonNegative));
    return new JobConfig.Identity(
        doubleIn(c, "identity.max-centroid-distance", 0.0, 1e6, nonNegative),
        doubleIn(c, "identity.min-overlap", 0.0, 1.0, "it must be between 0 and 1"),
        doubleIn(c, "identity.overlap-weight", 0.0, 1e6, nonNegative),
        doubleIn(c, "identity.name-margin", 0.0, 1e6, nonNegative),
        drift);
  }
}
