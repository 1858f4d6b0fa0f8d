package io.segmentation.ingest;

import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real sale reaches the clean data once, at the source's precision: duplicates compare the
 * whole source line (unmapped columns too), and amounts are not rounded per line.
 */
@Tag("spark")
class SourceLineFidelityTest extends SparkTestBase {
  @TempDir Path tmp;

  private static JobConfig config(String path, String... sets) {
    return ConfigLoader.load(Optional.empty(), List.of(sets), Map.of("input.path", path));
  }

  private static Dataset<Row> clean(JobConfig c) {
    InvoiceCleaner cleaner =
        new InvoiceCleaner(c.input(), c.cleaning(), Instant.parse("2026-01-01T00:00:00Z"));
    return cleaner.clean(cleaner.classify(new InvoiceReader(spark(), c.input()).read()));
  }

  private Path write(String name, String content) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void linesThatDifferOnlyInAnUnmappedColumnAreBothKept() throws Exception {
    // Two real sales of the same product on the same order: only the row id tells them apart.
    // The third line repeats the second one entirely, row id included: a double-booked line.
    String csv =
        "Row ID,Order ID,Order Date,Customer ID,Country,Product ID,Product Name,Sales,Quantity\n"
            + "1,CA-1,2016-11-08,CG-1,United States,P-1,Chair,281.37,3\n"
            + "2,CA-1,2016-11-08,CG-1,United States,P-1,Chair,281.37,3\n"
            + "2,CA-1,2016-11-08,CG-1,United States,P-1,Chair,281.37,3\n";
    JobConfig c = config(write("orders.csv", csv).toString(), "input.preset=order-lines");
    Dataset<Row> clean = clean(c);
    assertThat(clean.count()).isEqualTo(2);
    assertThat(clean.agg(sum(InvoiceColumns.LINE_AMOUNT)).first().getDecimal(0))
        .isEqualByComparingTo("562.74");
  }

  @Test
  void fullyMappedSourcesStillFindExactDuplicates() throws Exception {
    String line = "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n";
    String csv =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + line
            + line;
    assertThat(clean(config(write("uci.csv", csv).toString())).count()).isEqualTo(1);
  }

  /**
   * A decimal-comma export (semicolons, thousands dots) whose line amounts and profits have four
   * decimals: the sums of the clean lines equal the exact sums of the file's own values.
   */
  @Test
  void decimalCommaExportSumsToTheSourceTotalsExactly() throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "Row ID;Order ID;Order Date;Customer ID;Country;Product ID;Product Name;Sales;Quantity;Profit\n");
    BigDecimal sales = BigDecimal.ZERO;
    BigDecimal profit = BigDecimal.ZERO;
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 400; i++) {
      // Amounts with 3 and 4 decimals, some above a thousand (written with a thousands dot).
      BigDecimal amount =
          new BigDecimal(i * 37 % 1000 + i * 13)
              .add(new BigDecimal("0.0" + (i % 10) + (i % 7) + (i % 3)));
      BigDecimal margin =
          amount.multiply(new BigDecimal("0.1234")).setScale(4, RoundingMode.DOWN).negate();
      sales = sales.add(amount);
      profit = profit.add(margin);
      lines.add(
          String.format(
              "%d;CA-%d;08.11.2016;C-%d;Germany;P-%d;Thing;%s;%d;%s",
              i, i / 3, i % 17, i % 11, euro(amount), 1 + i % 4, euro(margin)));
    }
    lines.forEach(l -> csv.append(l).append('\n'));
    JobConfig c =
        config(
            write("eu.csv", csv.toString()).toString(),
            "input.preset=order-lines",
            "input.csv.delimiter=;",
            "input.csv.decimal-comma=true",
            "input.csv.timestamp-patterns=[\"dd.MM.yyyy\"]");
    Dataset<Row> clean = clean(c);
    assertThat(clean.count()).isEqualTo(400);
    Row sums = clean.agg(sum(InvoiceColumns.LINE_AMOUNT), sum(InvoiceColumns.PROFIT)).first();
    assertThat(sums.getDecimal(0)).isEqualByComparingTo(sales);
    assertThat(sums.getDecimal(1)).isEqualByComparingTo(profit);
  }

  /** 1234.5678 written as 1.234,5678. */
  private static String euro(BigDecimal v) {
    DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.GERMANY);
    DecimalFormat f = new DecimalFormat("#,##0.0###", symbols);
    return f.format(v);
  }
}
