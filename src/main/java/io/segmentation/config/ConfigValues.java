package io.segmentation.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.segmentation.errors.Errors;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Typed reads of configuration values: each one fails with {@link Errors#badConfigValue} naming the
 * key, the value and what is allowed.
 */
final class ConfigValues {
  private ConfigValues() {}

  static String string(Config c, String key) {
    try {
      return c.getIsNull(key) ? "" : c.getString(key).trim();
    } catch (ConfigException.WrongType e) {
      throw Errors.badConfigValue(key, c.getValue(key).unwrapped(), "it must be a string");
    }
  }

  static Optional<String> optionalString(Config c, String key) {
    String value = string(c, key);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  static boolean bool(Config c, String key) {
    try {
      return c.getBoolean(key);
    } catch (ConfigException.WrongType e) {
      throw Errors.badConfigValue(key, c.getValue(key).unwrapped(), "it must be true or false");
    }
  }

  static int intAtLeast(Config c, String key, int min) {
    int value;
    try {
      value = c.getInt(key);
    } catch (ConfigException.WrongType e) {
      throw Errors.badConfigValue(key, c.getValue(key).unwrapped(), "it must be a whole number");
    }
    if (value < min) {
      throw Errors.badConfigValue(key, value, "it must be at least " + min);
    }
    return value;
  }

  static double doubleIn(Config c, String key, double min, double max, String allowed) {
    double value;
    try {
      value = c.getDouble(key);
    } catch (ConfigException.WrongType e) {
      throw Errors.badConfigValue(key, c.getValue(key).unwrapped(), "it must be a number");
    }
    if (value < min || value > max || Double.isNaN(value)) {
      throw Errors.badConfigValue(key, value, allowed);
    }
    return value;
  }

  /** Whether the key holds a single string (not a list or an object). */
  static boolean isString(Config c, String key) {
    return c.getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING;
  }

  static List<String> stringList(Config c, String key) {
    try {
      return c.getStringList(key).stream().map(String::trim).toList();
    } catch (ConfigException.WrongType e) {
      throw Errors.badConfigValue(
          key, c.getValue(key).unwrapped(), "it must be a list like [a, b]");
    }
  }

  static List<String> nonEmptyList(Config c, String key) {
    List<String> list = stringList(c, key);
    if (list.isEmpty()) {
      throw Errors.badConfigValue(key, "[]", "it must list at least one value");
    }
    return list;
  }

  static <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type) {
    String value = string(c, key);
    String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(constant)) {
        return e;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", "));
    throw Errors.badConfigValue(key, value, "allowed values are " + allowed);
  }

  static String singleChar(Config c, String key, boolean allowTab) {
    String value = c.getIsNull(key) ? "" : c.getString(key);
    if ("\\t".equals(value) && allowTab) {
      return "\t";
    }
    if (value.length() != 1) {
      throw Errors.badConfigValue(key, value, "it must be exactly one character");
    }
    return value;
  }

  static String charset(Config c, String key) {
    String value = string(c, key);
    try {
      return Charset.forName(value).name();
    } catch (RuntimeException e) {
      throw Errors.badConfigValue(
          key, value, "it must be a charset name such as UTF-8 or ISO-8859-1");
    }
  }

  static LocalDate date(Config c, String key) {
    String value = string(c, key);
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Errors.badConfigValue(key, value, "it must be an ISO date (yyyy-MM-dd)");
    }
  }

  static Optional<LocalDate> optionalDate(Config c, String key) {
    return string(c, key).isEmpty() ? Optional.empty() : Optional.of(date(c, key));
  }
}
