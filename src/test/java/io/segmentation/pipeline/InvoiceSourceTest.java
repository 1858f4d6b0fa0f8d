package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
class InvoiceSourceTest extends SparkTestBase {
  @Test
  void customerFeaturesTakeOnePartitionPerCoreAtMost(@TempDir Path dir) throws Exception {
    InputSource source = source(dir);
    InputSource.Classified read = source.classify();
    Dataset<Row> classified = read.rows();
    // The input has no line amount, profit, region, category, sub-category or customer segment:
    // the cache leaves those out, with the amount and profit parsed from them.
    assertThat(read.layout().alwaysNull())
        .containsExactlyInAnyOrder(
            "line_amount",
            "_line_amount",
            "profit",
            "_profit",
            "region",
            "category",
            "sub_category",
            "customer_segment");
    assertThat(read.layout().sparse())
        .contains("quantity", "invoice_date", "unit_price", "customer_id", "source_file")
        .contains("raw_record")
        .doesNotContain("invoice_no", "stock_code", "_quantity", "reject_reason");
    assertThat(classified.rdd().getNumPartitions())
        .as("the invoice lines' partitions")
        .isGreaterThan(spark().sparkContext().defaultParallelism());
    Dataset<Row> features =
        source.features(classified, source.cleanSales(classified), LocalDate.of(2011, 12, 1));
    assertThat(features.rdd().getNumPartitions())
        .isLessThanOrEqualTo(spark().sparkContext().defaultParallelism());
    assertThat(features.count()).isEqualTo(12);
  }

  @Test
  void manyInvoicePartitionsGiveTheFeaturesOneTaskPerEightOfThem(@TempDir Path dir)
      throws Exception {
    String key = "spark.sql.shuffle.partitions";
    String before = spark().conf().get(key);
    spark().conf().set(key, "40");
    try {
      InputSource source = source(dir);
      Dataset<Row> classified = source.classify().rows();
      assertThat(classified.rdd().getNumPartitions()).isEqualTo(40);
      Dataset<Row> features =
          source.features(classified, source.cleanSales(classified), LocalDate.of(2011, 12, 1));
      // 40 partitions of invoice lines, at most 8 to a task: 5 tasks, not one per core (2).
      assertThat(features.rdd().getNumPartitions()).isEqualTo(5);
      assertThat(features.count()).isEqualTo(12);
    } finally {
      spark().conf().set(key, before);
    }
  }

  @Test
  void featurePartitionsAreOnePerCoreUnlessATaskWouldTakeMoreThanEightInvoicePartitions() {
    assertThat(InvoiceSource.featurePartitions(1, 2)).isEqualTo(2);
    assertThat(InvoiceSource.featurePartitions(16, 2)).isEqualTo(2);
    assertThat(InvoiceSource.featurePartitions(17, 2)).isEqualTo(3);
    assertThat(InvoiceSource.featurePartitions(60, 2)).isEqualTo(8);
    assertThat(InvoiceSource.featurePartitions(179, 2)).isEqualTo(23);
    assertThat(InvoiceSource.featurePartitions(179, 32)).isEqualTo(32);
  }

  private InputSource source(Path dir) throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
    for (int i = 0; i < 60; i++) {
      csv.append(500000 + i)
          .append(",85123A,HEART,")
          .append(1 + i % 5)
          .append(",2011-0")
          .append(1 + i % 9)
          .append("-15 10:00:00,2.55,")
          .append(17000 + i % 12)
          .append(",United Kingdom\n");
    }
    Files.writeString(dir.resolve("invoices.csv"), csv);
    JobConfig config =
        ConfigLoader.load(
            Optional.empty(), List.of("input.path=" + dir.resolve("invoices.csv")), Map.of());
    return InputSource.of(spark(), config, Instant.parse("2012-01-01T00:00:00Z"));
  }
}
