package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.RealDataWarehouse;
import io.segmentation.testing.SharedData;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The job on the real UCI Online Retail data, checked against the facts in its README. */
@Tag("e2e")
class OnlineRetailTest extends SparkTestBase {
  static Path tmp;
  static Cli run;

  @BeforeAll
  static void runOnRealData() {
    spark();
    RealDataWarehouse w = RealDataWarehouse.get();
    tmp = w.warehouse();
    run = w.run();
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(tmp.resolve(name).toString());
  }

  private static long quality(String rule) {
    return table("data_quality")
        .where("rule = '" + rule + "'")
        .first()
        .<Long>getAs("rows_affected");
  }

  @Test
  void readsEveryRowAndEveryCustomerId() {
    assertThat(run.out())
        .contains("rows read          541,909")
        .contains("customer ids read  4,372");
    assertThat(quality("rows_read")).isEqualTo(SharedData.ROWS);
    assertThat(table("run_log").first().<Long>getAs("customer_ids_read"))
        .isEqualTo(SharedData.DISTINCT_CUSTOMERS);
  }

  @Test
  void guestSalesAreKeptInTheSalesFactAndEveryRowIsInExactlyOnePlace() {
    long quarantined = table("rejected_rows").count();
    long sales = table("fact_sales").count();
    assertThat(sales + quarantined)
        .as("every input row in fact_sales or rejected_rows")
        .isEqualTo(SharedData.ROWS);
    assertThat(sales).isEqualTo(quality("rows_clean"));
    assertThat(table("rejected_rows").where("reason = 'missing_customer_id'").count()).isZero();
    long guests = quality("missing_customer_id");
    assertThat(guests)
        .as("guest lines kept (some quarantined for other rules)")
        .isBetween(100_000L, SharedData.ROWS - SharedData.ROWS_WITH_CUSTOMER);
    // The unknown customer holds the guest lines and nothing else: a customer with returns only
    // is a customer of the sales too, in dim_customer without a segment.
    assertThat(table("fact_sales").where("customer_key = -1").count()).isEqualTo(guests);
    assertThat(
            table("data_quality")
                .where("rule = 'missing_customer_id'")
                .first()
                .<String>getAs("action"))
        .isEqualTo("kept, not segmented");
    assertThat(table("dim_customer").where("customer_key = -1 and cluster_key <> -1").count())
        .isZero();
  }

  /**
   * Total sales to the cent: the exact decimal sum of Quantity x UnitPrice over every row that is a
   * valid sale (guests included), written here from the raw files with the documented rules.
   */
  @Test
  void totalSalesEqualTheExactSumOfTheValidRawLines() {
    spark()
        .read()
        .option("header", true)
        .csv(SharedData.onlineRetailGlob())
        .createOrReplaceTempView("uci_all");
    Row expected =
        spark()
            .sql(
                "WITH lines AS (SELECT DISTINCT InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country"
                    + " FROM uci_all WHERE upper(StockCode) NOT IN ('POST', 'D', 'M', 'DOT', 'CRUK', 'C2', 'BANK CHARGES', 'AMAZONFEE', 'PADS', 'B', 'S')"
                    + " AND cast(UnitPrice AS DECIMAL(18,4)) > 0 AND cast(Quantity AS INT) <> 0)"
                    + " SELECT sum(cast(Quantity AS DECIMAL(10,0)) * cast(UnitPrice AS DECIMAL(18,4))), count(*),"
                    + " sum(CASE WHEN CustomerID IS NULL THEN 1 ELSE 0 END) FROM lines")
            .first();
    Row actual = table("fact_sales").selectExpr("sum(line_amount)", "count(*)").first();
    System.out.printf(
        "fact_sales: %s over %,d lines (%,d guest lines)%n",
        actual.getDecimal(0), actual.getLong(1), expected.getLong(2));
    assertThat(actual.getDecimal(0)).isEqualByComparingTo(expected.getDecimal(0));
    assertThat(actual.getLong(1)).isEqualTo(expected.getLong(1));
    assertThat(quality("missing_customer_id"))
        .as("guest lines kept")
        .isEqualTo(expected.getLong(2));
  }

  /**
   * dim_country and dim_date come from the cleaning counts, not from a pass over the sales: the UCI
   * data's 38 countries (each has valid sales) keyed in name order, and every day from the first
   * sale (2010-12-01) to the last (2011-12-09), both read here from the raw files.
   */
  @Test
  void countryAndDateDimensionsCoverTheRawData() {
    Dataset<Row> raw = spark().read().option("header", true).csv(SharedData.onlineRetailGlob());
    List<String> rawCountries =
        raw.select("Country").distinct().orderBy("Country").as(Encoders.STRING()).collectAsList();
    assertThat(rawCountries).hasSize(38);
    List<String> keyed =
        table("dim_country")
            .where("country_key > 0")
            .orderBy("country_key")
            .select("country_name")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(keyed).isEqualTo(rawCountries);
    Row days =
        table("dim_date")
            .where("date_key > 0")
            .selectExpr("min(date)", "max(date)", "count(*)")
            .first();
    assertThat(days.getDate(0)).hasToString("2010-12-01");
    assertThat(days.getDate(1)).hasToString("2011-12-09");
    assertThat(days.getLong(2)).isEqualTo(374);
  }

  @Test
  void everyCustomerWithCleanPurchasesIsSegmentedOnce() {
    long buyers =
        table("fact_sales")
            .where("not is_return and customer_key <> -1")
            .select("customer_key")
            .distinct()
            .count();
    Dataset<Row> fc = table("fact_clustering");
    assertThat(fc.count()).isEqualTo(buyers).isBetween(4_300L, 4_338L);
    assertThat(fc.select("customer_id").distinct().count()).isEqualTo(fc.count());
    assertThat(table("model_selection").where("chosen").count()).isEqualTo(1);
  }

  @Test
  void tablesFollowThePowerBiRules() {
    PowerBiRules.assertReadableByEveryEngine(spark(), tmp);
    PowerBiRules.assertReferentialIntegrity(spark(), tmp);
    PowerBiRules.assertKernelReadsLikeSpark(spark(), tmp);
  }

  @Test
  void modelSelectionHasEveryKAndTheChosenOneFollowsTheRule() {
    List<Row> rows = table("model_selection").orderBy("k").collectAsList();
    assertThat(rows).extracting(r -> r.<Integer>getAs("k")).containsExactly(3, 4, 5, 6, 7, 8);
    Row best = null;
    for (Row r : rows) {
      assertThat(r.<Double>getAs("silhouette")).isBetween(-1.0, 1.0);
      assertThat(r.<Double>getAs("wssse")).isPositive();
      boolean admissible = r.<Double>getAs("smallest_segment_share") >= 0.02;
      if (admissible
          && (best == null || r.<Double>getAs("silhouette") > best.<Double>getAs("silhouette"))) {
        best = r;
      }
    }
    assertThat(rows.stream().filter(r -> r.<Boolean>getAs("chosen")).toList())
        .containsExactly(best);
    long segments = table("dim_cluster").where("cluster_key > 0").count();
    assertThat(segments).isEqualTo(best.<Integer>getAs("k").longValue());
    assertThat(
            table("dim_cluster").where("cluster_key > 0").select("segment_name").distinct().count())
        .isEqualTo(segments);
  }

  @Test
  void customer12347MatchesItsKnownFigures() {
    Row c = table("fact_clustering").where("customer_id = '12347'").first();
    assertThat(c.<Integer>getAs("frequency")).isEqualTo(7);
    assertThat(c.<BigDecimal>getAs("monetary_net")).isEqualByComparingTo("4310.00");
    assertThat(c.<Integer>getAs("recency_days"))
        .as("last purchase 2011-12-07, reference 2011-12-10")
        .isEqualTo(3);
    assertThat(
            table("dim_customer")
                .where("customer_id = '12347'")
                .first()
                .getAs("last_purchase_date")
                .toString())
        .isEqualTo("2011-12-07");
  }

  @Test
  void featuresHaveNoNaNOrInfinity() {
    for (String f : FeatureColumns.NUMERIC) {
      long bad =
          table("fact_clustering")
              .where(
                  "isnan(cast("
                      + f
                      + " as double)) or abs(cast("
                      + f
                      + " as double)) = double('Infinity')")
              .count();
      assertThat(bad).as(f).isZero();
    }
    assertThat(table("fact_clustering").where("r_score is null or rfm_segment is null").count())
        .isZero();
  }

  /**
   * Frequency, net spend, items and distinct products of a handful of customers, recomputed here
   * from the raw rows with plain Spark SQL (the documented rules: no non-product codes, exact
   * duplicates once, positive prices, C-invoices and negative quantities as returns).
   */
  @Test
  void aHandfulOfCustomersMatchTheirRawRows() {
    spark()
        .read()
        .option("header", true)
        .csv(SharedData.onlineRetailGlob())
        .createOrReplaceTempView("uci_raw");
    List<Row> expected =
        spark()
            .sql(
                "WITH lines AS (SELECT DISTINCT InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country"
                    + " FROM uci_raw WHERE regexp_replace(CustomerID, '\\\\.0$', '') IN ('12347', '12348', '12352', '13047', '17850', '14911')"
                    + " AND upper(StockCode) NOT IN ('POST', 'D', 'M', 'DOT', 'CRUK', 'C2', 'BANK CHARGES', 'AMAZONFEE', 'PADS', 'B', 'S')"
                    + " AND cast(UnitPrice AS DOUBLE) > 0 AND cast(Quantity AS INT) <> 0)"
                    + " SELECT regexp_replace(CustomerID, '\\\\.0$', '') AS id,"
                    + " count(DISTINCT CASE WHEN NOT InvoiceNo LIKE 'C%' AND cast(Quantity AS INT) > 0 THEN InvoiceNo END) AS frequency,"
                    + " round(sum(cast(Quantity AS INT) * cast(UnitPrice AS DECIMAL(18,4))), 2) AS net,"
                    + " sum(CASE WHEN NOT InvoiceNo LIKE 'C%' AND cast(Quantity AS INT) > 0 THEN cast(Quantity AS INT) END) AS items,"
                    + " count(DISTINCT CASE WHEN NOT InvoiceNo LIKE 'C%' AND cast(Quantity AS INT) > 0 THEN StockCode END) AS products"
                    + " FROM lines GROUP BY 1 ORDER BY 1")
            .collectAsList();
    assertThat(expected).hasSize(6);
    for (Row e : expected) {
      Row c = table("fact_clustering").where("customer_id = '" + e.getString(0) + "'").first();
      assertThat(c.<Integer>getAs("frequency"))
          .as("frequency of %s", e.getString(0))
          .isEqualTo((int) e.getLong(1));
      assertThat(c.<BigDecimal>getAs("monetary_net"))
          .as("net spend of %s", e.getString(0))
          .isEqualByComparingTo(e.<BigDecimal>getAs(2));
      assertThat(c.<Long>getAs("total_items"))
          .as("items of %s", e.getString(0))
          .isEqualTo(e.getLong(3));
      assertThat(c.<Integer>getAs("distinct_products"))
          .as("products of %s", e.getString(0))
          .isEqualTo((int) e.getLong(4));
    }
  }
}
