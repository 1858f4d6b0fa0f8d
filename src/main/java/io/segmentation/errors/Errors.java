package io.segmentation.errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /**
   * What would make a header that misses required columns readable, as found by the reader.
   *
   * @param preset the config name of another preset whose columns the header has, or null
   * @param columns {@code input.columns} keys to the header names that fill them (in order)
   * @param complete whether {@code preset} and {@code columns} together fix every missing column
   * @param customerLevel the header looks like one row per customer ({@code input.level=customers})
   */
  public record HeaderFix(
      String preset, Map<String, String> columns, boolean complete, boolean customerLevel) {
    public static final HeaderFix NONE = new HeaderFix(null, Map.of(), false, false);

    public HeaderFix {
      columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  public static UserException missingColumns(
      Collection<String> missing, String preset, Collection<String> found, String likelyDelimiter) {
    return missingColumns(missing, preset, found, likelyDelimiter, HeaderFix.NONE);
  }

  /**
   * A required column is missing. The fix named, in this order: the delimiter (the whole header
   * read as one column), another preset and/or column overrides that map every missing column,
   * {@code input.level=customers}, the overrides that map some of them, the keys to look at.
   */
  public static UserException missingColumns(
      Collection<String> missing,
      String preset,
      Collection<String> found,
      String likelyDelimiter,
      HeaderFix fix) {
    String shown = printable(String.valueOf(found), 300);
    if (likelyDelimiter != null) {
      return input(
          "Input is missing required column(s) %s for the column mapping '%s'; the whole header was"
              + " read as one column (%s), so the file is probably '%s'-delimited: set"
              + " input.csv.delimiter = \"%s\".",
          missing, preset, shown, printable(likelyDelimiter, 5), printable(likelyDelimiter, 5));
    }
    String problem =
        String.format(
            Locale.ROOT,
            "Input is missing required column(s) %s for the column mapping '%s'; found columns: %s.",
            missing,
            preset,
            shown);
    String sets = setOptions(fix);
    String how;
    if (fix.complete() && fix.preset() != null && fix.columns().isEmpty()) {
      how =
          String.format(
              Locale.ROOT,
              " The header is that of the column mapping '%s': add %s.",
              fix.preset(),
              sets);
    } else if (fix.complete() && fix.preset() != null) {
      how =
          String.format(
              Locale.ROOT,
              " The header is that of the column mapping '%s' with column(s) under other"
                  + " names: add %s.",
              fix.preset(),
              sets);
    } else if (fix.complete()) {
      how = String.format(Locale.ROOT, " The file has them under other names: add %s.", sets);
    } else if (fix.customerLevel()) {
      how =
          " The file looks like customer-level input (a customer id, no invoice number or date): add"
              + " --set input.level=customers.";
    } else if (!fix.columns().isEmpty()) {
      how =
          String.format(
              Locale.ROOT,
              " Some are there under other names (add %s); for the others set"
                  + " input.preset or input.columns.* to match the file, or check input.csv.delimiter.",
              sets);
    } else {
      how = " Set input.preset or input.columns.* to match the file, or check input.csv.delimiter.";
    }
    return input("%s", problem + how);
  }

  /**
   * The {@code --set} options of a fix, e.g. {@code --set input.columns.country="Country/Region"}.
   */
  private static String setOptions(HeaderFix fix) {
    List<String> sets = new ArrayList<>();
    if (fix.preset() != null) {
      sets.add("--set input.preset=" + fix.preset());
    }
    fix.columns()
        .forEach(
            (key, name) ->
                sets.add("--set input.columns." + key + "=\"" + printable(name, 128) + "\""));
    return String.join(" ", sets);
  }

  public static UserException duplicateColumns(String path, String column, String asName) {
    return input(
        "Input '%s' has two columns named '%s' (compared as '%s', ignoring case, spaces and"
            + " punctuation); rename one so every column name is unique.",
        printable(path, 200), printable(column, 100), printable(asName, 100));
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

  public static UserException duplicatedColumn(
      String path, String column, Collection<String> occurrences) {
    return input(
        "Input '%s' has the column '%s' more than once in its header (as %s), so the column mapping"
            + " is ambiguous; remove or rename the extra column (names are compared ignoring case and"
            + " surrounding spaces).",
        path, printable(column, 100), printable(String.valueOf(occurrences), 300));
  }

  public static UserException emptyInput(String path) {
    return input(
        "Input '%s' is empty: no header line was found; check that the export finished writing and"
            + " that input.csv.header matches the file.",
        path);
  }

  public static UserException noUsableRows(String path, long read, String topRule, long topCount) {
    if (read == 0) {
      return input(
          "Input '%s' has a header but no data rows; check that the export is complete.", path);
    }
    return input(
        "Input '%s' has no usable rows: none of the %,d rows read passed cleaning, %,d of them for"
            + " %s; check the column mapping, input.csv options and cleaning rules.",
        path, read, topCount, topRule);
  }

  /**
   * The reject guard: more of the input was quarantined than {@code cleaning.max-rejected-share}
   * allows. Names the main rule, its share, sample raw values and the setting that probably fixes
   * it.
   */
  public static UserException tooManyRejected(
      String path,
      long read,
      double share,
      double max,
      String rule,
      double ruleShare,
      List<String> samples,
      String fix) {
    return input(
        "Input '%s': %.1f%% of the %,d rows read were quarantined, above cleaning.max-rejected-share = %s;"
            + " the main rule is %s (%.1f%% of the rows%s); probably %s, or raise"
            + " cleaning.max-rejected-share if this input is expected to be mostly rejected.",
        path, share * 100, read, max, rule, ruleShare * 100, samplesText(samples), fix);
  }

  /** A warning (not an error): one rule quarantined a large share of the rows. */
  public static String rejectWarning(
      String rule, long rows, double share, List<String> samples, String fix) {
    return String.format(
        Locale.ROOT,
        "%,d rows (%.1f%% of the rows read) were quarantined as %s%s; if they are real sales, %s.",
        rows,
        share * 100,
        rule,
        samplesText(samples),
        fix);
  }

  /**
   * The setting that most probably makes rows pass a rule, judged from sample raw values.
   *
   * @param decimalComma input.csv.decimal-comma as configured
   * @param delimiter input.csv.delimiter as configured
   */
  public static String rejectFix(
      String rule, List<String> samples, boolean decimalComma, String delimiter) {
    boolean commaDecimals = samples.stream().anyMatch(v -> v.matches("-?[0-9.]*,[0-9]+"));
    boolean dotDecimals = samples.stream().anyMatch(v -> v.matches("-?[0-9]+\\.[0-9]{1,2}"));
    return switch (rule) {
      case "unparseable_price", "unparseable_quantity", "non_positive_price", "zero_quantity" ->
          !decimalComma && commaDecimals
              ? "the numbers use a decimal comma: --set input.csv.decimal-comma=true"
              : decimalComma && dotDecimals
                  ? "the numbers use a decimal point: --set input.csv.decimal-comma=false"
                  : "the wrong column is mapped: check input.columns."
                      + (rule.contains("price") ? "unit-price (or line-amount)" : "quantity")
                      + " against the file's header";
      case "unparseable_date", "future_date" ->
          "the dates have another format: add it to input.csv.timestamp-patterns, e.g. --set"
              + " 'input.csv.timestamp-patterns=[\"dd.MM.yyyy HH:mm\", \"dd.MM.yyyy\"]'";
      case "malformed_row" ->
          "the file uses another delimiter or quote: check input.csv.delimiter (now '"
              + delimiter
              + "'), input.csv.quote and input.csv.multi-line";
      case "missing_customer_id" ->
          "the customer id column is not mapped: set input.columns.customer-id";
      case "non_product_code" -> "check cleaning.non-product-codes";
      case "duplicate_row" -> "set cleaning.drop-duplicates=false";
      default -> "check the column mapping (input.preset, input.columns.*) and input.csv options";
    };
  }

  private static String samplesText(List<String> samples) {
    if (samples.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(", e.g. ");
    for (int i = 0; i < samples.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('\'').append(printable(samples.get(i), 60)).append('\'');
    }
    return sb.toString();
  }

  public static UserException onlyGuestSales(String path, long guests) {
    return input(
        "Input '%s' has no customers to segment: all %,d valid sales have an empty customer id (guest"
            + " purchases); map the customer id column with input.columns.customer-id or pick the"
            + " right input.preset.",
        path, guests);
  }

  /**
   * No row passed cleaning and most failed on their invoice date: names sample values and the
   * patterns tried.
   *
   * @param samples a few distinct raw dates that failed (may be empty)
   * @param patterns input.csv.timestamp-patterns
   */
  public static UserException unparseableDates(
      String path, long read, long count, List<String> samples, List<String> patterns) {
    return input(
        "Input '%s' has no usable rows: none of the %,d rows read passed cleaning, %,d of them for"
            + " unparseable_date: %s; add the file's date pattern (e.g. \"dd.MM.yyyy HH:mm\", and a"
            + " date-only one such as \"dd.MM.yyyy\" when some values have no time) to"
            + " input.csv.timestamp-patterns.",
        path, read, count, unparseableDatesDetail(samples, patterns));
  }

  /**
   * The part of a message that shows failing dates and the patterns tried, e.g. {@code invoice
   * dates such as '31.12.2010' match none of the patterns tried: input.csv.timestamp-patterns
   * [yyyy-MM-dd] then any ISO-8601 form}.
   */
  public static String unparseableDatesDetail(List<String> samples, List<String> patterns) {
    String values =
        samples.isEmpty()
            ? "the invoice dates are empty and"
            : "invoice dates such as "
                + String.join(
                    ", ", samples.stream().map(v -> "'" + printable(v, 60) + "'").toList());
    return String.format(
        Locale.ROOT,
        "%s match none of the patterns tried: input.csv.timestamp-patterns %s then any ISO-8601 form",
        values,
        printable(String.valueOf(patterns), 300));
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

  private static UserException input(String fmt, Object... args) {
    return new UserException(ExitCode.INPUT, String.format(Locale.ROOT, fmt, args), null);
  }

  private static UserException busy(String fmt, Object... args) {
    return new UserException(ExitCode.BUSY, String.format(Locale.ROOT, fmt, args), null);
  }

  private static UserException model(String fmt, Object... args) {
    return new UserException(ExitCode.MODEL, String.format(Locale.ROOT, fmt, args), null);
  }
}
