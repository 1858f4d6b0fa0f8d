package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.upper;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.RealDataWarehouse;
import io.segmentation.testing.SharedData;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean revenue on the real data, both ways of treating exact duplicate lines: kept (the README's
 * oracle, 8,911,407.90 over 397,884 purchase lines) and quarantined (the job's default, checked
 * against a computation written here from the raw files).
 */
@Tag("e2e")
class OnlineRetailRevenueTest extends SparkTestBase {
  @TempDir static Path tmp;
  static String glob;

  @BeforeAll
  static void setUp() {
    glob = SharedData.onlineRetailGlob();
    spark();
  }

  private static BigDecimal purchaseRevenue(Path warehouse) {
    Dataset<Row> sales =
        spark().read().format("delta").load(warehouse.resolve("fact_sales").toString());
    return sales
        .where("not is_return and customer_key <> -1")
        .agg(sum("line_amount"))
        .first()
        .getDecimal(0);
  }

  @Test
  void duplicatesKeptGiveTheKnownRevenue() {
    Path wh = tmp.resolve("keep");
    Cli r =
        Cli.run(
            "run",
            "--config",
            "conf/online-retail.conf",
            "--input",
            glob,
            "--output",
            wh.toString(),
            "--set",
            "cleaning.drop-duplicates=false",
            "--set",
            "cleaning.non-product-codes=[]",
            "--set",
            "model.k=4");
    assertThat(r.exitCode()).as(r.err()).isZero();
    // The data's README gives the revenue to the cent; the lines are summed unrounded
    // (8,911,407.904).
    assertThat(purchaseRevenue(wh).setScale(2, RoundingMode.HALF_UP))
        .isEqualByComparingTo("8911407.90");
    Dataset<Row> sales = spark().read().format("delta").load(wh.resolve("fact_sales").toString());
    assertThat(sales.where("not is_return and customer_key <> -1").count()).isEqualTo(397_884);
    assertThat(
            spark().read().format("delta").load(wh.resolve("fact_clustering").toString()).count())
        .isEqualTo(4_338);
  }

  @Test
  void duplicatesQuarantinedByDefault() {
    Path wh = RealDataWarehouse.get().warehouse();
    // Written independently of the job: raw CSV, plain filters, distinct lines.
    Dataset<Row> raw = spark().read().option("header", true).csv(glob);
    Dataset<Row> purchases =
        raw.where(
                col("CustomerID")
                    .isNotNull()
                    .and(col("Quantity").cast("int").gt(0))
                    .and(col("UnitPrice").cast("decimal(18,4)").gt(0))
                    .and(
                        upper(col("StockCode"))
                            .isin(
                                "POST",
                                "D",
                                "M",
                                "DOT",
                                "CRUK",
                                "C2",
                                "BANK CHARGES",
                                "AMAZONFEE",
                                "PADS",
                                "B",
                                "S")
                            .unary_$bang()))
            .distinct();
    BigDecimal expected =
        purchases
            .agg(
                sum(
                    col("Quantity")
                        .cast("decimal(18,4)")
                        .multiply(col("UnitPrice").cast("decimal(18,4)"))))
            .first()
            .getDecimal(0);
    System.out.printf(
        "clean purchase revenue, duplicates quarantined: %s over %,d lines%n",
        expected, purchases.count());
    assertThat(purchaseRevenue(wh)).isEqualByComparingTo(expected);
    assertThat(expected).isLessThan(new BigDecimal("8911407.90"));
  }
}
