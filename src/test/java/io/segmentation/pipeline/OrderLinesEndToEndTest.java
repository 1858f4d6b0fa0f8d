package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An order-line export (line amounts, profit, region and category) through the whole job. */
@Tag("e2e")
class OrderLinesEndToEndTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void profitFlowsIntoFeaturesAndSegmentKpis() throws Exception {
    spark();
    StringBuilder csv =
        new StringBuilder(
            "Order ID,Order Date,Customer ID,Segment,Country,Region,Product ID,Category,Sub-Category,Product Name,Sales,Quantity,Profit\n");
    BigDecimal firstCustomerProfit = BigDecimal.ZERO;
    int order = 1000;
    for (int c = 1; c <= 12; c++) {
      int orders = 1 + (c % 4) * 3;
      for (int o = 0; o < orders; o++) {
        int month = 1 + (o * 11 / Math.max(1, orders - 1)) % 12;
        String sales = String.format(Locale.ROOT, "%.2f", 20.0 * c + o);
        String profit = String.format(Locale.ROOT, "%.2f", (c % 3 == 0 ? -1 : 1) * (2.0 * c + o));
        if (c == 1) {
          firstCustomerProfit = firstCustomerProfit.add(new BigDecimal(profit));
        }
        // Customer 4 moved from Consumer to Corporate: its latest line says Corporate.
        String segment = c % 3 == 0 || (c == 4 && o == orders - 1) ? "Corporate" : "Consumer";
        csv.append(
            String.format(
                Locale.ROOT,
                "CA-%d,%d/%d/2016,CU-%02d,%s,United States,%s,P-%d,%s,Sub,Thing,%s,%d,%s%n",
                order++,
                month,
                1 + c,
                c,
                segment,
                c % 2 == 0 ? "West" : "East",
                c % 5,
                c % 2 == 0 ? "Furniture" : "Technology",
                sales,
                1 + o % 3,
                profit));
      }
    }
    Path input = Files.writeString(tmp.resolve("orders.csv"), csv.toString());
    Path wh = tmp.resolve("warehouse");
    Cli r =
        Cli.run(
            "run",
            "--input",
            input.toString(),
            "--output",
            wh.toString(),
            "--set",
            "input.preset=order-lines",
            "--set",
            "input.csv.timestamp-patterns=[\"M/d/yyyy\"]",
            "--set",
            "model.k=3",
            "--set",
            "features.cap-percentile=0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(PowerBiRules.load(spark(), wh, "fact_clustering").count()).isEqualTo(12);
    Row first =
        PowerBiRules.load(spark(), wh, "fact_clustering").where("customer_id = 'CU-01'").first();
    assertThat(first.<BigDecimal>getAs("total_profit")).isEqualByComparingTo(firstCustomerProfit);
    assertThat(
            PowerBiRules.load(spark(), wh, "dim_cluster")
                .where("cluster_key > 0 and avg_profit is null")
                .count())
        .isZero();
    assertThat(
            PowerBiRules.load(spark(), wh, "fact_sales")
                .where("profit is null or category is null or region is null")
                .count())
        .isZero();
    assertThat(
            PowerBiRules.load(spark(), wh, "fact_clustering")
                .where(
                    "main_category is null or main_region is null or not (main_category_share > 0 and main_category_share <= 1)")
                .count())
        .isZero();
    // Customers place 1, 4, 7 or 10 orders: only a segment averaging below 1.5 may be called
    // one-off.
    for (Row c :
        PowerBiRules.load(spark(), wh, "dim_cluster").where("cluster_key > 0").collectAsList()) {
      String description = c.getAs("description");
      double frequency = c.<Number>getAs("avg_frequency").doubleValue();
      assertThat(description).doesNotContain("NaN", "cancel").hasSizeLessThanOrEqualTo(300);
      assertThat(description.contains("one-off")).as(description).isEqualTo(frequency < 1.5);
    }
    PowerBiRules.assertReferentialIntegrity(spark(), wh);
    // The source's customer segment reaches dim_customer and the segment profile's shares.
    Map<String, String> segmentOf = new HashMap<>();
    PowerBiRules.load(spark(), wh, "dim_customer")
        .where("customer_key <> -1")
        .collectAsList()
        .forEach(row -> segmentOf.put(row.getAs("customer_id"), row.getAs("customer_segment")));
    assertThat(segmentOf)
        .hasSize(12)
        .containsEntry("CU-01", "Consumer")
        .containsEntry("CU-03", "Corporate")
        .containsEntry("CU-04", "Corporate");
    double corporate =
        PowerBiRules.load(spark(), wh, "segment_profile")
            .where("feature = 'share_customer_segment_corporate'")
            .join(
                PowerBiRules.load(spark(), wh, "dim_cluster")
                    .select("cluster_key", "customer_count"),
                "cluster_key")
            .selectExpr("sum(mean_value * customer_count)")
            .first()
            .getDouble(0);
    assertThat(corporate)
        .isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9)); // CU-03, 06, 09, 12 and 04
  }
}
