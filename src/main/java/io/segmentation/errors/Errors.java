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

  public static UserException unknownConfigKey(
      String key, String origin, Collection<String> known) {
    return usage(
        "Unknown configuration key '%s' (%s); known keys at that level: %s. Check the spelling or"
            + " remove it.",
        key, origin, String.join(", ", known));
  }

  public static UserException badConfigValue(String key, Object value, String allowed) {
    return usage(
        "Configuration key '%s' has the value '%s', but %s. Fix it in the config file or with --set"
            + " %s=...",
        key, printable(String.valueOf(value), 200), allowed, key);
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

  public static UserException unknownFeatureColumns(
      Collection<String> unknown, Collection<String> numeric) {
    return input(
        "features.kmeans names %s, which the customer-level input does not have as numeric columns;"
            + " numeric columns found: %s. Fix features.kmeans or the input.",
        unknown, printable(String.valueOf(numeric), 300));
  }

  public static UserException noNumericColumns(String path, Collection<String> columns) {
    return input(
        "Customer-level input '%s' has no numeric column to cluster on (columns: %s); add numeric"
            + " columns or list them in features.kmeans.",
        printable(path, 200), printable(String.valueOf(columns), 300));
  }

  public static UserException pseudonymKeyMissing(String variable, int length) {
    return usage(
        length == 0
            ? "privacy.pseudonymize-customer-id is on but the key variable %s is not set; export %s"
                + " (at least 16 characters, kept secret) or switch pseudonymisation off."
            : "privacy.pseudonymize-customer-id is on but the key in %s is too short; %s must hold at"
                + " least 16 characters.",
        variable,
        variable);
  }

  public static UserException emptyInput(String path) {
    return input(
        "Input '%s' is empty: no header line was found; check that the export finished writing and"
            + " that input.csv.header matches the file.",
        path);
  }

  // ---- warehouse busy (exit 5) ----

  public static UserException warehouseBusy(
      String warehouse, String runId, String host, String pid, String started, String lockFile) {
    return busy(
        "Another run is writing the warehouse '%s' (run id %s, host %s, pid %s, started %s); retry when"
            + " it has finished (if that run is dead, its lock %s is taken over after 3 minutes, or"
            + " delete it).",
        warehouse,
        printable(runId, 100),
        printable(host, 100),
        printable(pid, 20),
        printable(started, 40),
        lockFile);
  }

  public static UserException concurrentTableChange(String detail) {
    return busy(
        "Another writer changed an output table while this run was writing it (%s); the tables this"
            + " run had replaced were restored, so retry the run with the same --run-id when the other"
            + " writer has finished.",
        printable(firstLine(detail), 300));
  }

  // ---- storage (exit 3): the filesystem of an input or output path ----

  /**
   * No Hadoop filesystem class for the path's scheme (for {@code s3a://}: hadoop-aws is missing).
   *
   * @param hadoopVersion the Hadoop version on the classpath, which the connector must match
   */
  public static UserException noFileSystem(String path, String scheme, String hadoopVersion) {
    if ("s3a".equals(scheme)) {
      return input(
          "No filesystem for the scheme 's3a' of '%s': the S3A connector is not on the classpath;"
              + " add the S3A connector: --packages org.apache.hadoop:hadoop-aws:%s (the cluster's"
              + " Hadoop version), or pass hadoop-aws and its AWS SDK v2 jars with --jars.",
          path, hadoopVersion);
    }
    return input(
        "No filesystem for the scheme '%s' of '%s'; check the spelling of the path (S3 paths are"
            + " s3a://bucket/key) or add the Hadoop connector for '%s' with --packages or --jars.",
        scheme, path, scheme);
  }

  public static UserException outputUnusable(String path, String detail) {
    return input(
        "Output path '%s' cannot be used (%s); check --output or output.path and the permissions.",
        path, printable(detail, 200));
  }

  /**
   * The storage service behind a path refused or dropped the connection, or its host is unknown.
   */
  public static UserException storageUnreachable(
      String path, String scheme, String endpoint, String detail) {
    if ("s3a".equals(scheme)) {
      return input(
          "Cannot reach the S3 endpoint %s for '%s' (%s); check fs.s3a.endpoint (--conf"
              + " spark.hadoop.fs.s3a.endpoint=...), fs.s3a.path.style.access and the network.",
          endpoint, path, printable(detail, 200));
    }
    return input(
        "Cannot reach the storage of '%s' (%s); check the host and port in the path (for hdfs://,"
            + " the namenode's address) and the network.",
        path, printable(detail, 200));
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

  /** The first line of an exception message, for a one-line error. */
  public static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Makes a value safe for a one-line message: no control characters, bounded length. */
  static String printable(String value, int max) {
    String clean = value.replace("\t", "\\t").replaceAll("[\\p{Cntrl}\\uFFFD]", "?");
    return clean.length() <= max ? clean : clean.substring(0, max) + "...";
  }

  private static UserException usage(String fmt, Object... args) {
    return new UserException(ExitCode.USAGE, String.format(Locale.ROOT, fmt, args), null);
  }

  static UserException input(String fmt, Object... args) {
    return new UserException(ExitCode.INPUT, String.format(Locale.ROOT, fmt, args), null);
  }

  private static UserException busy(String fmt, Object... args) {
    return new UserException(ExitCode.BUSY, String.format(Locale.ROOT, fmt, args), null);
  }

  private static UserException model(String fmt, Object... args) {
    return new UserException(ExitCode.MODEL, String.format(Locale.ROOT, fmt, args), null);
  }
}
