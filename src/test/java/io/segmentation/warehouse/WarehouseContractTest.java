package io.segmentation.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.testing.GeneratedWarehouse;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The star schema written from the generated data follows DESIGN.md's table rules. */
@Tag("e2e")
class WarehouseContractTest extends SparkTestBase {
  static GeneratedWarehouse w;

  @BeforeAll
  static void warehouse() {
    spark();
    w = GeneratedWarehouse.get();
  }

  private static Dataset<Row> table(String name) {
    return PowerBiRules.load(spark(), w.warehouse(), name);
  }

  private static Row detail(String name) {
    return spark().sql("DESCRIBE DETAIL delta.`" + w.warehouse().resolve(name) + "`").first();
  }

  /** Version 0 of the table: created with its rows by run e2e-1 in one commit. */
  private static Row createdByTheFirstRun(String name) {
    // Later runs of other tests may add versions: version 0 is the first run's only commit.
    Row first =
        spark()
            .sql("DESCRIBE HISTORY delta.`" + w.warehouse().resolve(name) + "`")
            .where("version = 0")
            .first();
    assertThat(first.<String>getAs("operation")).as(name).isEqualTo("CREATE TABLE AS SELECT");
    assertThat(first.<String>getAs("userMetadata")).as(name).isEqualTo("e2e-1");
    return first;
  }

  @Test
  void everyTableIsReadableByEveryEngine() {
    PowerBiRules.assertReadableByEveryEngine(spark(), w.warehouse());
  }

  @Test
  void deltaKernelReadsEveryTableLikeSpark() {
    PowerBiRules.assertKernelReadsLikeSpark(spark(), w.warehouse());
  }

  @Test
  void noOrphanOrNullKeys() {
    PowerBiRules.assertReferentialIntegrity(spark(), w.warehouse());
  }

  @Test
  void moneyIsDecimalAndKeysAreIntegers() {
    var sales = table("fact_sales").schema();
    assertThat(sales.apply("line_amount").dataType().simpleString())
        .as("the source's precision")
        .isEqualTo("decimal(18,4)");
    assertThat(sales.apply("unit_price").dataType().simpleString()).isEqualTo("decimal(18,4)");
    assertThat(sales.apply("invoice_ts").dataType().simpleString()).isEqualTo("timestamp");
    assertThat(sales.apply("date_key").dataType().simpleString()).isEqualTo("int");
    assertThat(sales.apply("customer_key").dataType().simpleString()).isEqualTo("bigint");
    assertThat(table("dim_cluster").schema().apply("total_sales").dataType().simpleString())
        .isEqualTo("decimal(18,2)");
  }

  @Test
  void calendarIsContiguousFromFirstToLastSale() {
    Row span = table("fact_sales").agg(min("invoice_ts"), max("invoice_ts")).first();
    long days =
        ChronoUnit.DAYS.between(
                span.getTimestamp(0).toLocalDateTime().toLocalDate(),
                span.getTimestamp(1).toLocalDateTime().toLocalDate())
            + 1;
    Dataset<Row> dates = table("dim_date").where("date_key > 0");
    assertThat(dates.count()).isEqualTo(days);
    Row first = dates.orderBy("date_key").first();
    assertThat(first.<Integer>getAs("date_key")).isEqualTo(20101201);
    assertThat(first.<String>getAs("day_name")).isEqualTo("Wednesday");
    assertThat(first.<Integer>getAs("day_of_week")).isEqualTo(3);
    assertThat(first.<Integer>getAs("iso_week")).isEqualTo(48);
    assertThat(first.<String>getAs("year_month")).isEqualTo("2010-12");
    assertThat(first.<Boolean>getAs("is_weekend")).isFalse();
  }

  @Test
  void salesReconcileWithTheRawFiles() {
    // Written independently of the job: the raw CSV, plain filters, distinct lines; guest purchases
    // are sales too, and nothing is rounded per line.
    Dataset<Row> raw = spark().read().option("header", true).csv(w.invoices().toString());
    Dataset<Row> valid = raw.where(col("StockCode").notEqual("POST")).distinct();
    BigDecimal expected =
        valid
            .agg(
                sum(
                    col("Quantity")
                        .cast("decimal(18,4)")
                        .multiply(col("UnitPrice").cast("decimal(18,4)"))))
            .first()
            .getDecimal(0);
    assertThat(table("fact_sales").agg(sum("line_amount")).first().getDecimal(0))
        .isEqualByComparingTo(expected);
    Dataset<Row> clean = valid.where(col("CustomerID").isNotNull());
    long buyers =
        clean.where(col("Quantity").cast("int").gt(0)).select("CustomerID").distinct().count();
    assertThat(table("fact_clustering").count()).isEqualTo(buyers);
    assertThat(table("dim_cluster").agg(sum("customer_count")).first().getLong(0))
        .isEqualTo(buyers);
  }

  @Test
  void aFirstRunCreatesEachOverwrittenTableWithItsRowsInOneCommit() {
    for (String name :
        List.of(
            "dim_date",
            "dim_country",
            "dim_customer",
            "dim_cluster",
            "segment_profile",
            "fact_sales",
            "fact_clustering")) {
      Row first = createdByTheFirstRun(name);
      assertThat(
              Long.parseLong(
                  first
                      .<scala.collection.Map<String, String>>getAs("operationMetrics")
                      .get("numOutputRows")
                      .get()))
          .as(name)
          .isPositive();
    }
  }

  @Test
  void aFirstRunCreatesEachAppendTableWithItsRowsAndItsTransactionIdInOneCommit() throws Exception {
    for (String name : List.of("model_selection", "data_quality", "rejected_rows", "run_log")) {
      createdByTheFirstRun(name);
      // The idempotency key is in the creating commit: a retry of e2e-1 appends nothing.
      String log =
          Files.readString(
              w.warehouse().resolve(name).resolve("_delta_log/00000000000000000000.json"));
      assertThat(log)
          .as(name)
          .contains("{\"txn\":{\"appId\":\"customer-segmentation:e2e-1\",\"version\":0");
    }
  }

  @Test
  void factSalesKeepsFileStatisticsOnItsKeysOnly() throws Exception {
    assertThat(
            detail("fact_sales")
                .<String, String>getJavaMap(detail("fact_sales").fieldIndex("properties")))
        .containsEntry(
            "delta.dataSkippingStatsColumns", "invoice_ts,date_key,customer_key,country_key");
    List<String> adds =
        Files.readAllLines(w.warehouse().resolve("fact_sales/_delta_log/00000000000000000000.json"))
            .stream()
            .filter(l -> l.startsWith("{\"add\""))
            .toList();
    assertThat(adds).isNotEmpty();
    for (String add : adds) {
      // The stats are JSON inside the action's JSON: quotes escaped.
      assertThat(add)
          .contains("\\\"minValues\\\":{\\\"invoice_ts\\\"")
          .contains("\\\"country_key\\\"")
          .doesNotContain("\\\"stock_code\\\"")
          .doesNotContain("\\\"description\\\"");
    }
  }

  @Test
  void smallTablesAreOneFileAndFactSalesIsCompacted() {
    for (String small : List.of("dim_date", "dim_country", "dim_cluster")) {
      assertThat(detail(small).<Long>getAs("numFiles")).as(small).isEqualTo(1L);
    }
    assertThat(detail("fact_sales").<Long>getAs("numFiles")).isEqualTo(1L);
    assertThat(detail("dim_customer").<Long>getAs("numFiles")).isEqualTo(1L);
    assertThat(detail("fact_clustering").<Long>getAs("numFiles")).isEqualTo(1L);
    // Laid out by date_key: the one file's rows come back in that order.
    List<Row> keys = table("fact_sales").select("date_key").collectAsList();
    for (int i = 1; i < keys.size(); i++) {
      assertThat(keys.get(i - 1).getInt(0))
          .as("row %d of fact_sales is in date_key order", i)
          .isLessThanOrEqualTo(keys.get(i).getInt(0));
    }
  }

  @Test
  void starJoinsRunAgainstTheCatalogTables() {
    String db = GeneratedWarehouse.DATABASE;
    List<Row> byMonth =
        spark()
            .sql(
                "SELECT c.segment_name, d.year_month, SUM(s.line_amount) AS sales FROM "
                    + db
                    + ".fact_sales s JOIN "
                    + db
                    + ".dim_customer cu ON s.customer_key = cu.customer_key JOIN "
                    + db
                    + ".dim_cluster c ON cu.cluster_key = c.cluster_key JOIN "
                    + db
                    + ".dim_date d ON s.date_key = d.date_key GROUP BY c.segment_name, d.year_month")
            .collectAsList();
    assertThat(byMonth).isNotEmpty();
    BigDecimal total =
        byMonth.stream().map(r -> r.getDecimal(2)).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(total)
        .isEqualByComparingTo(table("fact_sales").agg(sum("line_amount")).first().getDecimal(0));
    long customers =
        spark()
            .sql(
                "SELECT c.segment_name, k.country_name, COUNT(*) AS customers FROM "
                    + db
                    + ".fact_clustering f JOIN "
                    + db
                    + ".dim_cluster c ON f.cluster_key = c.cluster_key JOIN "
                    + db
                    + ".dim_country k ON f.country_key = k.country_key GROUP BY c.segment_name, k.country_name")
            .agg(sum("customers"))
            .first()
            .getLong(0);
    assertThat(customers).isEqualTo(table("fact_clustering").count());
    assertThat(spark().sql("SHOW TABLES IN " + db).count()).isEqualTo(Tables.ALL.size());
  }
}
