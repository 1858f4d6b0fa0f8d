package io.segmentation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line messages of DESIGN.md ("Exit codes and messages"). */
@Tag("e2e")
class CliErrorsTest extends SparkTestBase {
  @TempDir static Path tmp;

  @BeforeAll
  static void session() {
    spark();
  }

  private static void assertOneLineError(Cli r, int code, String... fragments) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.lastErrLine()).startsWith("error: ");
    for (String f : fragments) {
      assertThat(r.lastErrLine()).contains(f);
    }
  }

  @Test
  void unknownSetKeyIsAConfigurationError() {
    Cli r = Cli.run("run", "--set", "model.kk=4", "--input", "x");
    assertOneLineError(
        r, 2, "Unknown configuration key 'model.kk'", "from --set", "k-max", "k-min");
  }

  @Test
  void unknownSectionInSetNamesTheTopLevelKeys() {
    Cli r = Cli.run("validate", "--set", "modle.k=4");
    assertOneLineError(r, 2, "'modle.k'", "input", "model", "output");
  }

  @Test
  void badValueNamesKeyValueAndWhatIsAllowed() {
    Cli r = Cli.run("run", "--set", "input.format=xlsx", "--input", "x");
    assertOneLineError(r, 2, "'input.format'", "'xlsx'", "csv, parquet, delta, json");
  }

  @Test
  void theKSearchSampleHasALowerBound() {
    Cli r = Cli.run("run", "--set", "model.sample-size=50", "--input", "x");
    assertOneLineError(r, 2, "'model.sample-size'", "'50'", "at least 100");
  }

  @Test
  void theKSwitchMarginIsASilhouetteDifference() {
    Cli r = Cli.run("run", "--set", "model.k-switch-margin=1.5", "--input", "x");
    assertOneLineError(r, 2, "'model.k-switch-margin'", "'1.5'", "between 0 and 1");
  }

  @Test
  void kRangeMustBeOrdered() {
    Cli r = Cli.run("run", "--set", "model.k-min=6", "--set", "model.k-max=4", "--input", "x");
    assertOneLineError(r, 2, "'model.k-max'", "'4'", ">= model.k-min (6)");
  }

  @Test
  void setWithoutEqualsSign() {
    Cli r = Cli.run("run", "--set", "model.k");
    assertOneLineError(r, 2, "--set expects key=value", "'model.k'");
  }

  @Test
  void missingConfigFileIsAConfigurationError() {
    Cli r = Cli.run("run", "--config", "conf/does-not-exist.conf", "--input", "x");
    assertOneLineError(
        r, 2, "Configuration file 'conf/does-not-exist.conf' does not exist", "--config");
  }

  @Test
  void unknownKeyInConfigFileNamesTheFile() throws Exception {
    Path conf = tmp.resolve("typo.conf");
    Files.writeString(conf, "model { k-mni = 3 }\n");
    Cli r = Cli.run("validate", "--config", conf.toString());
    assertOneLineError(r, 2, "'model.k-mni'", "typo.conf");
  }

  @Test
  void syntaxErrorInConfigFile() throws Exception {
    Path conf = tmp.resolve("broken.conf");
    Files.writeString(conf, "model { k = \n");
    Cli r = Cli.run("validate", "--config", conf.toString());
    assertOneLineError(r, 2, "cannot be parsed", "broken.conf");
  }

  @Test
  void missingInputPathIsAnInputError() {
    String missing = tmp.resolve("no-such-folder/*.csv").toString();
    Cli r = Cli.run("run", "--input", missing, "--output", tmp.resolve("wh").toString());
    assertOneLineError(r, 3, "Input path '" + missing + "' does not exist", "--input");
    assertThat(tmp.resolve("wh")).doesNotExist();
  }

  @Test
  void missingRequiredColumnListsTheColumnsFound() throws Exception {
    Path csv = tmp.resolve("wrong-columns.csv");
    Files.writeString(csv, "Invoice,Item,Qty\n1,A,2\n");
    Cli r = Cli.run("validate", "--input", csv.toString());
    assertOneLineError(
        r,
        3,
        "missing required column(s) [InvoiceNo, StockCode",
        "found columns: [Invoice, Item, Qty]");
  }

  @Test
  void headerOfAnotherPresetNamesThatPreset() throws Exception {
    Path csv = tmp.resolve("online-retail-ii.csv");
    Files.writeString(
        csv,
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
            + "489434,85048,LED,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n");
    Cli r = Cli.run("validate", "--input", csv.toString());
    assertOneLineError(
        r,
        3,
        "missing required column(s) [InvoiceNo,",
        "the column mapping 'online-retail-ii'",
        "add --set input.preset=online-retail-ii.");
    assertThat(
            Cli.run("validate", "--input", csv.toString(), "--set", "input.preset=online-retail-ii")
                .exitCode())
        .isZero();
  }

  @Test
  void customerLevelFileReadAsInvoicesNamesInputLevel() throws Exception {
    Path csv = tmp.resolve("customers.csv");
    Files.writeString(
        csv,
        "Customer ID,Gender,Age,City,Total Spend,Items Purchased\n101,Female,29,New York,1120.20,14\n");
    Cli r = Cli.run("validate", "--input", csv.toString());
    assertOneLineError(
        r,
        3,
        "missing required column(s) [InvoiceNo,",
        "customer-level input",
        "add --set input.level=customers.");
  }

  @Test
  void columnUnderAKnownOtherNameNamesTheOverride() throws Exception {
    Path csv = tmp.resolve("country-region.csv");
    Files.writeString(
        csv,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country/Region\n"
            + "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n");
    Cli r = Cli.run("validate", "--input", csv.toString());
    assertOneLineError(
        r,
        3,
        "missing required column(s) [Country]",
        "add --set input.columns.country=\"Country/Region\".");
    assertThat(
            Cli.run(
                    "validate",
                    "--input",
                    csv.toString(),
                    "--set",
                    "input.columns.country=Country/Region")
                .exitCode())
        .isZero();
  }

  @Test
  void superstoreHeaderNamesPresetAndRenamedColumn() throws Exception {
    Path csv = tmp.resolve("superstore.csv");
    Files.writeString(
        csv,
        "Row ID,Order ID,Order Date,Customer ID,Segment,Country/Region,Product ID,Product Name,Sales,Quantity\n"
            + "1,CA-2016-152156,11/8/2016,CG-12520,Consumer,United States,FUR-BO-10001798,Bookcase,261.96,2\n");
    Cli r = Cli.run("validate", "--input", csv.toString());
    assertOneLineError(
        r,
        3,
        "the column mapping 'order-lines' with column(s) under other names",
        "add --set input.preset=order-lines --set input.columns.country=\"Country/Region\".");
  }

  @Test
  void someColumnsUnderOtherNamesAreNamedAndTheRestLeftToTheUser() throws Exception {
    Path csv = tmp.resolve("partial.csv");
    Files.writeString(csv, "Invoice,Item,Qty\n1,A,2\n");
    Cli r = Cli.run("validate", "--input", csv.toString());
    assertOneLineError(
        r,
        3,
        "found columns: [Invoice, Item, Qty]",
        "Some are there under other names (add --set input.columns.invoice=\"Invoice\" --set input.columns.quantity=\"Qty\")",
        "for the others set input.preset or input.columns.*");
  }

  @Test
  void unknownOptionAndMissingCommandAreUsageErrors() {
    assertOneLineError(Cli.run("run", "--no-such-option"), 2, "--no-such-option");
    assertOneLineError(Cli.run(), 2, "Missing command");
    assertOneLineError(Cli.run("explode"), 2, "explode");
  }

  @Test
  void badRunIdIsRejected() {
    Cli r = Cli.run("run", "--run-id", "../../etc", "--input", "x");
    assertOneLineError(r, 2, "'--run-id'", "'../../etc'");
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    Cli r = Cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("run", "score", "validate", "generate", "Exit codes: 0 success, 2 usage");
    Cli run = Cli.run("run", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--config", "--input", "--output", "--set", "--run-id");
  }

  private Cli runOn(Path input) {
    return Cli.run(
        "run",
        "--input",
        input.toString(),
        "--output",
        tmp.resolve("wh-" + input.getFileName()).toString());
  }

  @Test
  void emptyFileIsAnInputError() throws Exception {
    Path empty = Files.createFile(tmp.resolve("empty.csv"));
    assertOneLineError(runOn(empty), 3, "is empty: no header line was found");
  }

  @Test
  void headerOnlyFileIsAnInputError() throws Exception {
    Path header = tmp.resolve("header-only.csv");
    Files.writeString(
        header,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
    assertOneLineError(runOn(header), 3, "has a header but no data rows");
    assertThat(tmp.resolve("wh-header-only.csv")).doesNotExist();
  }

  @Test
  void fileWhereNoRowPassesCleaningNamesTheMainRule() throws Exception {
    Path free = tmp.resolve("free.csv");
    Files.writeString(
        free,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "1,A,x,1,2011-01-01 10:00:00,0,7,UK\n2,A,x,1,2011-01-01 10:00:00,0.00,8,UK\n");
    assertOneLineError(
        runOn(free),
        3,
        "none of the 2 rows read passed cleaning, 2 of them for non_positive_price");
  }

  @Test
  void fileOfGuestSalesOnlyHasNobodyToSegment() throws Exception {
    Path guests = tmp.resolve("guests.csv");
    Files.writeString(
        guests,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "1,A,x,1,2011-01-01 10:00:00,1.00,,UK\n2,A,x,1,2011-01-01 10:00:00,1.00,,UK\n");
    assertOneLineError(
        runOn(guests),
        3,
        "has no customers to segment: all 2 valid sales have an empty customer id (guest purchases);"
            + " map the customer id column with input.columns.customer-id");
  }

  private Path dayFirstDates() throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
    for (int c = 1; c <= 6; c++) {
      String date = c % 2 == 0 ? "31.12.2010 08:26" : "13.01.2011";
      csv.append(c)
          .append(",A1,x,1,")
          .append(date)
          .append(",1.50,")
          .append(1000 + c)
          .append(",UK\n");
    }
    return Files.writeString(tmp.resolve("day-first-dates.csv"), csv.toString());
  }

  @Test
  void unparseableDatesShowSampleValuesAndThePatternsTried() throws Exception {
    Cli r = runOn(dayFirstDates());
    assertOneLineError(
        r,
        3,
        "none of the 6 rows read passed cleaning, 6 of them for unparseable_date",
        "'31.12.2010 08:26'",
        "'13.01.2011'",
        "patterns tried: input.csv.timestamp-patterns [yyyy-MM-dd HH:mm:ss, yyyy-MM-dd'T'HH:mm:ss, M/d/yyyy H:mm,"
            + " yyyy-MM-dd] then any ISO-8601 form",
        "input.csv.timestamp-patterns.");
    assertThat(tmp.resolve("wh-day-first-dates.csv")).doesNotExist();
  }

  @Test
  void validateShowsSampleValuesOfUnparseableDatesAndThePatternsTried() throws Exception {
    Cli r =
        Cli.run(
            "validate",
            "--input",
            dayFirstDates().toString(),
            "--set",
            "input.csv.timestamp-patterns=[\"dd.MM.yyyy\"]");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "unparseable_date",
            "3",
            "invoice dates such as '31.12.2010 08:26'",
            "match none of the patterns tried: input.csv.timestamp-patterns [dd.MM.yyyy] then any ISO-8601 form");
  }

  @Test
  void binaryFileIsAnInputError() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    Path bin = Files.write(tmp.resolve("garbage.bin"), garbage);
    Cli r = runOn(bin);
    assertOneLineError(r, 3, "missing required column(s)");
    assertThat(r.lastErrLine()).hasSizeLessThan(1000).doesNotContainPattern("\\p{Cntrl}");
  }

  private Path invoicesOf(String name, int customers) throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
    for (int c = 1; c <= customers; c++) {
      csv.append(c)
          .append(",A1,x,")
          .append(c)
          .append(",2011-01-0")
          .append(1 + c % 9)
          .append(" 10:00:00,1.50,")
          .append(1000 + c)
          .append(",UK\n");
    }
    Path f = tmp.resolve(name);
    Files.writeString(f, csv.toString());
    return f;
  }

  @Test
  void tooFewCustomersForTheKRangeIsAModellingError() throws Exception {
    Cli r = runOn(invoicesOf("three-customers.csv", 3));
    assertOneLineError(
        r,
        4,
        "Found 3 customers with clean purchases",
        "k range starts at 3",
        "needs at least 4",
        "model.k-min");
    assertThat(tmp.resolve("wh-three-customers.csv")).doesNotExist();
  }

  @Test
  void singleCustomerIsAModellingError() throws Exception {
    assertOneLineError(runOn(invoicesOf("one-customer.csv", 1)), 4, "Found 1 customers");
  }

  @Test
  void fewerDistinctCustomersThanKIsAModellingError() throws Exception {
    // Six customers, but only two distinct behaviours.
    StringBuilder csv =
        new StringBuilder(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
    for (int c = 1; c <= 6; c++) {
      csv.append(c)
          .append(",A1,x,")
          .append(c % 2 == 0 ? 1 : 50)
          .append(",2011-01-01 10:00:00,1.50,")
          .append(1000 + c)
          .append(",UK\n");
    }
    Path f = Files.writeString(tmp.resolve("two-kinds.csv"), csv.toString());
    Cli r =
        Cli.run(
            "run",
            "--input",
            f.toString(),
            "--output",
            tmp.resolve("wh-two-kinds").toString(),
            "--set",
            "model.k=3");
    assertOneLineError(r, 4, "Only 2 distinct customer feature vectors, fewer than k=3");
  }
}
