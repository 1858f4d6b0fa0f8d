package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmentation.testing.Cli;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reject guard: a run that would quarantine most of its input stops with exit 3 and names the
 * fix; a rule that quarantines a noticeable share gives a warning; validate says what run would.
 */
@Tag("e2e")
class RejectGuardTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path decimalComma;

  private static final String HEADER =
      "InvoiceNo;StockCode;Description;Quantity;InvoiceDate;UnitPrice;CustomerID;Country\n";

  @BeforeAll
  static void files() throws Exception {
    spark();
    // A European export (semicolons, decimal commas) read without input.csv.decimal-comma: every
    // price with a comma is unparseable, only the whole-number one parses.
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < 39; i++) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d;A%d;Mug;2;2011-01-0%d 10:00:00;%s;%d;Germany%n",
              500 + i,
              i % 4,
              1 + i % 9,
              i % 2 == 0 ? "2,55" : "1.261,96",
              100 + i % 7));
    }
    csv.append("600;A1;Mug;1;2011-01-02 10:00:00;3;100;Germany\n");
    decimalComma = Files.writeString(tmp.resolve("eu.csv"), csv.toString());
  }

  private static void assertGuardError(Cli r) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(r.lastErrLine())
        .startsWith("error: ")
        .contains(
            "97.5% of the 40 rows read were quarantined, above cleaning.max-rejected-share = 0.5")
        .contains("the main rule is unparseable_price (97.5% of the rows, e.g. '")
        .contains("'2,55'")
        .contains("'1.261,96'")
        .contains("--set input.csv.decimal-comma=true");
  }

  @Test
  void mostlyRejectedInputStopsTheRunAndNamesTheFix() {
    Path wh = tmp.resolve("wh-guard");
    Cli r =
        Cli.run(
            "run",
            "--input",
            decimalComma.toString(),
            "--output",
            wh.toString(),
            "--set",
            "input.csv.delimiter=;",
            "--set",
            "model.k=3");
    assertGuardError(r);
    assertThat(wh.resolve("fact_sales")).doesNotExist();
  }

  @Test
  void validateExitsWithTheCodeTheRunWould() {
    assertGuardError(
        Cli.run("validate", "--input", decimalComma.toString(), "--set", "input.csv.delimiter=;"));
  }

  @Test
  void theGuardCanBeRaisedAndTheFixedSettingPasses() {
    Cli raised =
        Cli.run(
            "validate",
            "--input",
            decimalComma.toString(),
            "--set",
            "input.csv.delimiter=;",
            "--set",
            "cleaning.max-rejected-share=1.0");
    assertThat(raised.exitCode()).as(raised.err()).isZero();
    assertThat(raised.err())
        .contains(
            "warning: 39 rows (97.5% of the rows read) were quarantined as unparseable_price");
    Cli fixed =
        Cli.run(
            "validate",
            "--input",
            decimalComma.toString(),
            "--set",
            "input.csv.delimiter=;",
            "--set",
            "input.csv.decimal-comma=true");
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(fixed.err()).doesNotContain("warning:");
  }

  @Test
  void aRuleAboveTheWarningShareWarnsOnStderrAndInTheSummary() throws Exception {
    StringBuilder csv = new StringBuilder(HEADER.replace(';', ','));
    int line = 0;
    for (int c = 0; c < 12; c++) {
      for (int o = 0; o < 2; o++) {
        csv.append(
            String.format(
                Locale.ROOT,
                "%d,A%d,Mug,%d,2011-0%d-1%d 10:00:00,%d.50,%d,France%n",
                700 + line++,
                o,
                1 + c,
                1 + o,
                c % 9,
                1 + c * 3,
                200 + c));
      }
    }
    csv.append(
        "800,A1,Mug,1,2011-01-02 10:00:00,n/a,200,France\n800,A2,Mug,1,2011-01-02 10:00:00,abc,201,France\n");
    Path input = Files.writeString(tmp.resolve("warn.csv"), csv.toString());
    Path summary = tmp.resolve("warn-summary.json");
    Cli r =
        Cli.run(
            "run",
            "--input",
            input.toString(),
            "--output",
            tmp.resolve("wh-warn").toString(),
            "--set",
            "model.k=3",
            // Twelve customers are too few for the lifetime-value fit, which would add its own
            // warning: this test counts the reject guard's.
            "--set",
            "clv.enabled=false",
            "--summary-json",
            summary.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    // 2 of 26 rows: above the default warning share (0.05), far below the stop share (0.5).
    String warning = "2 rows (7.7% of the rows read) were quarantined as unparseable_price, e.g. '";
    assertThat(r.err()).contains("warning: " + warning).contains("'n/a'").contains("'abc'");
    JsonNode json = new ObjectMapper().readTree(Files.readString(summary));
    assertThat(json.get("warnings")).hasSize(1);
    assertThat(json.get("warnings").get(0).asText()).contains(warning);
  }
}
