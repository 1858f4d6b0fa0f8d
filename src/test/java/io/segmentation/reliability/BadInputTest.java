package io.segmentation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/}) run against a warehouse that already
 * holds a successful run: a user error exits with its documented code and exact one-line message
 * and leaves every table as it was; input the job accepts succeeds with exactly the quarantine
 * counts the file was written with.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest extends SparkTestBase {
  /** In an expected message: any text (the binary file's garbage "column names"). */
  private static final String ANY = "<any>";

  private static Path warehouse;

  /** The state before the failing runs (taken once: a failing run changes nothing). */
  private static WarehouseState beforeFailures;

  @BeforeAll
  static void previousSuccessfulRun() {
    spark();
    warehouse = SmallWarehouse.get();
  }

  static Path file(String name) {
    return SmallWarehouse.resource(name);
  }

  @Order(2)
  @Test
  void headersMatchIgnoringCaseAndSurroundingSpaces() {
    // The baseline run read " invoiceno ,STOCKCODE,description , QUANTITY,...,
    // CustomerId,COUNTRY".
    assertThat(rejectedByReason("baseline")).isEmpty();
    assertThat(
            PowerBiRules.load(spark(), warehouse, "run_log")
                .where("run_id = 'baseline'")
                .first()
                .<Long>getAs("rows_clean"))
        .isEqualTo(17L);
  }

  private static Cli run(String name, String runId, String... sets) {
    return runOn(file(name).toString(), runId, sets);
  }

  private static Cli runOn(String input, String runId, String... sets) {
    return SmallWarehouse.run(warehouse, input, runId, sets);
  }

  static Stream<Arguments> rejectedFiles() {
    return Stream.of(
        Arguments.of(
            "empty.csv",
            3,
            "Input '%s' is empty: no header line was found; check that the export finished writing and that"
                + " input.csv.header matches the file."),
        Arguments.of(
            "header-only.csv",
            3,
            "Input '%s' has a header but no data rows; check that the export is complete."),
        Arguments.of(
            "binary-garbage.bin",
            3,
            "Input is missing required column(s) [InvoiceNo, StockCode, Description, Quantity, InvoiceDate,"
                + " CustomerID, Country, UnitPrice] for the column mapping 'uci-online-retail'; found columns: ["
                + ANY
                + "]. Set input.preset or input.columns.* to match the file, or check input.csv.delimiter."),
        Arguments.of(
            "semicolon-delimiter.csv",
            3,
            "Input is missing required column(s) [InvoiceNo, StockCode, Description, Quantity, InvoiceDate,"
                + " CustomerID, Country, UnitPrice] for the column mapping 'uci-online-retail'; the whole header was read as one"
                + " column ([InvoiceNo;StockCode;Description;Quantity;InvoiceDate;UnitPrice;CustomerID;Country]),"
                + " so the file is probably ';'-delimited: set input.csv.delimiter = \";\"."),
        Arguments.of(
            "missing-columns.csv",
            3,
            "Input is missing required column(s) [CustomerID, Country] for the column mapping 'uci-online-retail';"
                + " found columns: [InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice]. Set"
                + " input.preset or input.columns.* to match the file, or check input.csv.delimiter."),
        Arguments.of(
            "duplicated-header.csv",
            3,
            "Input '%s' has the column 'Quantity' more than once in its header (as [Quantity,  quantity ]),"
                + " so the column mapping is ambiguous; remove or rename the extra column (names are compared"
                + " ignoring case and surrounding spaces)."),
        Arguments.of(
            "single-customer.csv",
            4,
            "Found 1 customers with clean purchases, but the k range starts at 3 and needs at least 4; lower"
                + " model.k-min (or set model.k), or give more input."),
        Arguments.of(
            "fewer-customers-than-k.csv",
            4,
            "Found 3 customers with clean purchases, but the k range starts at 3 and needs at least 4; lower"
                + " model.k-min (or set model.k), or give more input."));
  }

  @Order(1)
  @ParameterizedTest(name = "{0} -> exit {1}")
  @MethodSource("rejectedFiles")
  void userErrorsExitWithOneLineAndLeaveTheTablesUntouched(String name, int code, String message) {
    if (beforeFailures == null) {
      beforeFailures = WarehouseState.of(spark(), warehouse);
    }
    WarehouseState before = beforeFailures;
    Cli r = run("rejected/" + name, "bad-" + name.replaceAll("[^a-z0-9]", "-"));
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
    assertThat(r.err())
        .doesNotContain("\tat ")
        .doesNotContain("at io.")
        .doesNotContain("Exception");
    String expected = "error: " + message.replace("%s", file("rejected/" + name).toString());
    if (expected.contains(ANY)) {
      String[] ends = expected.split(ANY);
      assertThat(r.lastErrLine())
          .startsWith(ends[0])
          .endsWith(ends[1])
          .hasSizeLessThan(1000)
          .doesNotContainPattern("\\p{Cntrl}");
    } else {
      assertThat(r.lastErrLine()).isEqualTo(expected);
    }
    assertThat(WarehouseState.of(spark(), warehouse)).isEqualTo(before);
  }

  /**
   * Spark reads every file of an input by position with the first file's columns: a later file
   * whose header orders them otherwise would have its prices read as quantities. Such an input
   * stops before anything is read, naming both files and both headers.
   */
  @Order(1)
  @Test
  void aFileWhoseHeaderDiffersFromTheFirstFilesStopsTheRunAndNamesBoth() {
    WarehouseState before = WarehouseState.of(spark(), warehouse);
    Path folder = file("rejected/reordered-columns");
    Cli r = runOn(folder.toString(), "bad-reordered-columns");
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(3);
    assertThat(r.lastErrLine())
        .isEqualTo(
            "error: File 'file:"
                + folder.resolve("b-2011-03.csv")
                + "' has the header [InvoiceNo, StockCode, Description, UnitPrice, InvoiceDate,"
                + " Quantity, CustomerID, Country], but 'file:"
                + folder.resolve("a-2011-02.csv")
                + "' (the input's first file) has [InvoiceNo, StockCode, Description, Quantity,"
                + " InvoiceDate, UnitPrice, CustomerID, Country]; every file of an input is read"
                + " with the same columns in the same order: move the file to an input of its own,"
                + " or re-export it with the first file's columns.");
    assertThat(WarehouseState.of(spark(), warehouse)).isEqualTo(before);
  }

  /** For each accepted file, the rejected lines it was written with, by reason. */
  private static final Map<String, Map<String, Long>> ACCEPTED =
      Map.of(
          "unterminated-quote.csv", Map.of("malformed_row", 1L),
          "text-in-numeric-columns.csv",
              Map.of("unparseable_quantity", 1L, "unparseable_price", 1L),
          "impossible-dates.csv", Map.of("unparseable_date", 2L),
          "future-dates.csv", Map.of("future_date", 2L),
          "negative-and-zero-values.csv", Map.of("zero_quantity", 1L, "non_positive_price", 3L),
          "latin1-text.csv", Map.of());

  /**
   * One run over the whole {@code accepted/} folder (one run keeps the suite fast): every file's
   * bad lines are quarantined with the expected reason, {@code data_quality} holds the totals, and
   * the run adds exactly one {@code run_log} row. Non-UTF-8 input is decoded with
   * input.csv.encoding (default UTF-8): undecodable bytes become U+FFFD in text columns and the
   * rows are kept.
   */
  @Order(3)
  @Test
  void acceptedInputQuarantinesExactlyTheBadRowsOfEachFile() {
    String runId = "accepted";
    long runsBefore = PowerBiRules.load(spark(), warehouse, "run_log").count();
    Cli r =
        runOn(
            file("accepted").resolve("*.csv").toString(),
            runId,
            "cleaning.disabled-rules=[duplicate_row]");
    assertThat(r.exitCode()).as(r.err()).isZero();

    Map<String, Map<String, Long>> byFile = new TreeMap<>();
    ACCEPTED.keySet().forEach(f -> byFile.put(f, new LinkedHashMap<>()));
    for (Row row :
        PowerBiRules.load(spark(), warehouse, "rejected_rows")
            .where("run_id = '" + runId + "'")
            .groupBy("source_file", "reason")
            .count()
            .collectAsList()) {
      String f = row.getString(0).substring(row.getString(0).lastIndexOf('/') + 1);
      byFile.computeIfAbsent(f, x -> new LinkedHashMap<>()).put(row.getString(1), row.getLong(2));
    }
    assertThat(byFile).isEqualTo(new TreeMap<>(ACCEPTED));

    Map<String, Long> totals = new TreeMap<>();
    ACCEPTED.values().forEach(m -> m.forEach((k, v) -> totals.merge(k, v, Long::sum)));
    assertThat(new TreeMap<>(dataQuality(runId))).isEqualTo(totals);
    assertThat(PowerBiRules.load(spark(), warehouse, "run_log").count()).isEqualTo(runsBefore + 1);
    assertThat(countries()).contains("\uFFFDsterreich");
  }

  private static List<String> countries() {
    return PowerBiRules.load(spark(), warehouse, "dim_country")
        .select("country_name")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private static Map<String, Long> rejectedByReason(String runId) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Row r :
        PowerBiRules.load(spark(), warehouse, "rejected_rows")
            .where("run_id = '" + runId + "'")
            .groupBy("reason")
            .count()
            .collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  private static Map<String, Long> dataQuality(String runId) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Row r :
        PowerBiRules.load(spark(), warehouse, "data_quality")
            .where("run_id = '" + runId + "' and action = 'quarantined' and rows_affected > 0")
            .select("rule", "rows_affected")
            .collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }
}
