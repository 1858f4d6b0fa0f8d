package io.segmentation.config;

import static io.segmentation.config.ConfigValues.*;

import com.typesafe.config.Config;
import io.segmentation.errors.Errors;
import io.segmentation.schema.ColumnPreset;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.RejectReason;
import io.segmentation.schema.SourceColumn;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a resolved HOCON configuration into a validated {@link JobConfig}: every key next to its
 * validation, each failure a one-line error naming the key, the value and what is allowed.
 */
final class ConfigParser {
  private ConfigParser() {}

  static JobConfig parse(Config c) {
    JobConfig.Input input =
        new JobConfig.Input(
            optionalString(c, "input.path").orElse(null),
            enumValue(c, "input.format", InputFormat.class),
            enumValue(c, "input.preset", ColumnPreset.class),
            nameOverrides(c, "input.columns", SourceColumn.class, SourceColumn::configKey),
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
                nameOverrides(
                    c,
                    "input.attributes.columns",
                    CustomerAttribute.class,
                    CustomerAttribute::configKey)));
    JobConfig.Cleaning cleaning =
        new JobConfig.Cleaning(
            bool(c, "cleaning.drop-duplicates"),
            stringList(c, "cleaning.non-product-codes"),
            optionalDate(c, "cleaning.max-date"),
            disabledRules(c),
            doubleIn(
                c, "cleaning.max-rejected-share", 0.0, 1.0, "it must be a share between 0 and 1"),
            doubleIn(
                c, "cleaning.warn-rejected-share", 0.0, 1.0, "it must be a share between 0 and 1"));
    boolean customerLevel = input.level() == InputLevel.CUSTOMERS;
    JobConfig.KmeansColumns kmeans = kmeansColumns(c, customerLevel);
    Optional<List<String>> log1p =
        isString(c, "features.log1p") && string(c, "features.log1p").equals(DEFAULT)
            ? Optional.empty()
            : Optional.of(stringList(c, "features.log1p"));
    for (String f : log1p.orElse(List.of())) {
      if (!kmeans.everyNumeric() && !kmeans.names().contains(f)) {
        throw Errors.badConfigValue(
            "features.log1p", f, "every log1p feature must also be in features.kmeans " + kmeans);
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
            intAtLeast(c, "model.sample-size", 100),
            bool(c, "model.warm-start"),
            doubleIn(c, "model.k-switch-margin", 0.0, 1.0, "it must be between 0 and 1"));
    JobConfig.Output output =
        new JobConfig.Output(
            string(c, "output.path"),
            optionalString(c, "output.database"),
            bool(c, "output.optimize"),
            bool(c, "output.report"));
    output.database().ifPresent(db -> ConfigLoader.identifier("output.database", db));
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
      throw Errors.badConfigValue(
          "generate.end-date", generate.endDate(), "it must be after generate.start-date");
    }
    JobConfig.Privacy privacy =
        new JobConfig.Privacy(
            bool(c, "privacy.pseudonymize-customer-id"), string(c, "privacy.key-env"));
    if (!privacy.keyEnv().matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      throw Errors.badConfigValue(
          "privacy.key-env", privacy.keyEnv(), "it must be the name of an environment variable");
    }
    return new JobConfig(
        input, cleaning, features, model, output, privacy, generate, identity(c), clv(c));
  }

  /** The cancellation prefix: "" = the preset's, "none" = negative quantities only. */
  private static Optional<String> cancellationPrefix(Config c) {
    String value = string(c, "input.cancellation-prefix");
    ColumnPreset preset = enumValue(c, "input.preset", ColumnPreset.class);
    if (value.isEmpty()) {
      return Optional.ofNullable(preset.cancellationPrefix());
    }
    return value.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(value);
  }

  /** The value of features.kmeans and features.log1p that means "the input level's default". */
  private static final String DEFAULT = "default";

  /**
   * features.kmeans: {@value #DEFAULT} (invoices: {@link FeatureColumns#DEFAULT_KMEANS}; customers:
   * every numeric column), {@value JobConfig.KmeansColumns#EVERY_NUMERIC}, or a list of names.
   */
  private static JobConfig.KmeansColumns kmeansColumns(Config c, boolean customerLevel) {
    String key = "features.kmeans";
    if (isString(c, key)) {
      String value = string(c, key);
      if (value.equals(DEFAULT)) {
        return customerLevel
            ? JobConfig.KmeansColumns.everyNumericColumn()
            : JobConfig.KmeansColumns.named(FeatureColumns.DEFAULT_KMEANS);
      }
      if (value.equals(JobConfig.KmeansColumns.EVERY_NUMERIC)) {
        return customerLevel
            ? JobConfig.KmeansColumns.everyNumericColumn()
            : JobConfig.KmeansColumns.named(FeatureColumns.NUMERIC);
      }
      throw Errors.badConfigValue(
          key,
          value,
          "it must be "
              + DEFAULT
              + ", "
              + JobConfig.KmeansColumns.EVERY_NUMERIC
              + " or a list of features");
    }
    List<String> names = nonEmptyList(c, key);
    for (String f : names) {
      if (customerLevel) {
        ConfigLoader.identifier(key, f);
      } else if (!FeatureColumns.NUMERIC.contains(f)) {
        throw Errors.badConfigValue(key, f, "allowed features are " + FeatureColumns.NUMERIC);
      }
    }
    return JobConfig.KmeansColumns.named(names);
  }

  private static Set<RejectReason> disabledRules(Config c) {
    Set<RejectReason> disabled = EnumSet.noneOf(RejectReason.class);
    String allowed =
        Arrays.stream(RejectReason.values())
            .filter(RejectReason::canBeDisabled)
            .map(RejectReason::code)
            .collect(Collectors.joining(", "));
    for (String name : stringList(c, "cleaning.disabled-rules")) {
      RejectReason rule =
          Arrays.stream(RejectReason.values())
              .filter(r -> r.code().equals(name) && r.canBeDisabled())
              .findFirst()
              .orElseThrow(
                  () ->
                      Errors.badConfigValue(
                          "cleaning.disabled-rules",
                          name,
                          "rules that can be disabled are " + allowed));
      disabled.add(rule);
    }
    return Collections.unmodifiableSet(disabled);
  }

  /** Non-empty column-name overrides under {@code section}, one key per enum constant. */
  private static <E extends Enum<E>> Map<E, String> nameOverrides(
      Config c, String section, Class<E> type, Function<E, String> key) {
    Map<E, String> m = new EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      String name = string(c, section + "." + key.apply(e));
      if (!name.isEmpty()) {
        ConfigLoader.sourceColumnName(section + "." + key.apply(e), name);
        m.put(e, name);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /** identity.* and drift.*: how segments are matched across runs and when drift alarms. */
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

  /** clv.*: the lifetime-value models and the figures derived from them. */
  private static JobConfig.Clv clv(Config c) {
    int holdoutDays = intAtLeast(c, "clv.holdout-days", 0);
    if (holdoutDays > MAX_HOLDOUT_DAYS) {
      throw Errors.badConfigValue(
          "clv.holdout-days",
          holdoutDays,
          "it must be between 0 (no check) and " + MAX_HOLDOUT_DAYS + " days");
    }
    return new JobConfig.Clv(
        bool(c, "clv.enabled"),
        enumValue(c, "clv.model", ClvModel.class),
        intAtLeast(c, "clv.max-fit-customers", 100),
        holdoutDays,
        doubleIn(c, "clv.monthly-discount-rate", 0.0, 1.0, "it must be a rate between 0 and 1"),
        doubleIn(c, "clv.margin", 0.0, 1.0, "it must be a share between 0 and 1"));
  }

  /** Ten years: a holdout longer than that leaves no history to calibrate on. */
  private static final int MAX_HOLDOUT_DAYS = 3650;
}
