package io.segmentation.errors;

import static io.segmentation.errors.Errors.input;
import static io.segmentation.errors.Errors.printable;

import java.util.List;
import java.util.Locale;

/**
 * User-facing errors and warnings about the cleaning's outcome (exit 3): no usable rows, guest
 * sales only, too many quarantined rows, unparseable dates; with sample values and the fix.
 */
public final class RejectErrors {
  private RejectErrors() {}

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
}
