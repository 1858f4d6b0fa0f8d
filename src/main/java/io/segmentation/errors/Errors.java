package io.segmentation.errors;

import java.util.Collection;
import java.util.Locale;

/**
 * The one place that builds user-facing errors. Each message says what is wrong, names the value
 * (key, path, column) and says how to fix it, in one sentence.
 */
public final class Errors {
  private Errors() {}

  // ---- usage and configuration (exit 2) ----

  public static UserException unknownConfigKey(String key, String origin, Collection<String> known) {
    return usage(
        "Unknown configuration key '%s' (%s); known keys at that level: %s. Check the spelling or"
            + " remove it.",
        key, origin, String.join(", ", known));
  }

  public static UserException badConfigValue(String key, Object value, String allowed) {
    return usage(
        "Configuration key '%s' has the value '%s', but %s. Fix it in the config file or with --set"
            + " %s=...",
        key, value, allowed, key);
  }

  public static UserException missingConfigValue(String key, String hint) {
    return usage("Configuration key '%s' is not set; %s.", key, hint);
  }

  public static UserException configFileMissing(String path) {
    return usage(
        "Configuration file '%s' does not exist; pass an existing file with --config (see conf/ for"
            + " examples).",
        path);
  }

  public static UserException configSyntax(String origin, String detail) {
    return usage("Configuration in %s cannot be parsed: %s. Fix the HOCON syntax.", origin, detail);
  }

  public static UserException badSetOption(String option) {
    return usage("--set expects key=value, but got '%s'; for example --set model.k=4.", option);
  }

  // ---- input (exit 3) ----

  public static UserException inputPathMissing(String path) {
    return input(
        "Input path '%s' does not exist or matches no file; check --input or input.path (globs such"
            + " as 'dir/*.csv.gz' are allowed).",
        path);
  }

  public static UserException inputUnreadable(String path, String detail) {
    return input(
        "Input '%s' cannot be read (%s); check the path, the permissions and input.format.",
        path, detail);
  }

  public static UserException missingColumns(
      Collection<String> missing, String preset, Collection<String> found) {
    return input(
        "Input is missing required column(s) %s for the column mapping '%s'; found columns: %s. Set"
            + " input.preset or input.columns.* to match the file, or check input.csv.delimiter.",
        missing, preset, found);
  }

  public static UserException noUsableRows(String path, long read) {
    return input(
        "Input '%s' has no usable rows (%,d rows read, none passed cleaning); check the file, the"
            + " column mapping and the cleaning rules (see data_quality for counts per rule).",
        path, read);
  }

  // ---- modelling (exit 4) ----

  public static UserException tooFewCustomers(long customers, int kMin) {
    return model(
        "Found %,d customers with clean purchases, but the k range starts at %d and needs at least"
            + " %d; lower model.k-min (or set model.k), or give more input.",
        customers, kMin, kMin + 1);
  }

  public static UserException tooFewDistinctPoints(long distinct, int k) {
    return model(
        "Only %,d distinct customer feature vectors, fewer than k=%d; lower model.k / model.k-max or"
            + " give more varied input.",
        distinct, k);
  }

  public static UserException noAdmissibleK(double minShare, String tried) {
    return model(
        "No k satisfies the minimum segment share of %.1f%% (tried %s); lower"
            + " model.min-segment-share or narrow the k range.",
        minShare * 100, tried);
  }

  public static UserException modelMissing(String path, String detail) {
    return input(
        "No usable segmentation model at '%s' (%s); pass --model with the model_path of a"
            + " successful run (see run_log).",
        path, detail);
  }

  private static UserException usage(String fmt, Object... args) {
    return new UserException(ExitCode.USAGE, String.format(Locale.ROOT, fmt, args), null);
  }

  private static UserException input(String fmt, Object... args) {
    return new UserException(ExitCode.INPUT, String.format(Locale.ROOT, fmt, args), null);
  }

  private static UserException model(String fmt, Object... args) {
    return new UserException(ExitCode.MODEL, String.format(Locale.ROOT, fmt, args), null);
  }
}
