package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmentation.testing.Cli;
import io.segmentation.testing.GeneratedWarehouse;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifetime-value columns and clv_model on the generator's data: the shared run ({@link
 * GeneratedWarehouse}), plus one small run with clv.enabled = false. Expected values come from the
 * written fact tables through Spark SQL, never from the CLV code.
 */
@Tag("e2e")
class ClvEndToEndTest extends SparkTestBase {
  @TempDir static Path tmp;
  static GeneratedWarehouse w;

  @BeforeAll
  static void warehouse() {
    spark();
    w = GeneratedWarehouse.get();
  }

  private static Dataset<Row> table(String name) {
    return PowerBiRules.load(spark(), w.warehouse(), name);
  }

  @Test
  void powerBiRulesHoldForTheClvColumns() {
    PowerBiRules.assertClvColumns(spark(), w.warehouse());
    PowerBiRules.assertReadableByEveryEngine(
        spark(), w.warehouse(), io.segmentation.tables.ClvTableSpecs.CLV_MODEL);
  }

  @Test
  void everyRepeatCustomerHasAProbabilityAliveBetweenZeroAndOne() {
    // Repeat customers from fact_sales: two or more days with positive net value.
    table("fact_sales").createOrReplaceTempView("clv_sales");
    table("fact_clustering").createOrReplaceTempView("clv_fc");
    Dataset<Row> repeat =
        spark()
            .sql(
                "SELECT customer_key FROM (SELECT customer_key, to_date(invoice_ts) d,"
                    + " SUM(line_amount) v FROM clv_sales WHERE customer_key <> -1 GROUP BY"
                    + " customer_key, to_date(invoice_ts)) WHERE v > 0 GROUP BY customer_key"
                    + " HAVING COUNT(*) >= 2");
    long repeaters = repeat.count();
    assertThat(repeaters).isGreaterThan(500);
    Dataset<Row> fc = table("fact_clustering").join(repeat, "customer_key");
    assertThat(fc.count()).isEqualTo(repeaters);
    assertThat(fc.where("p_alive is null or p_alive < 0 or p_alive > 1").count()).isZero();
    assertThat(fc.where("clv_365d is null or expected_purchases_365d is null").count()).isZero();
  }

  @Test
  void clvModelHasOneConvergedRowWithFiniteParameters() {
    List<Row> rows = table("clv_model").where("run_id = 'e2e-1'").collectAsList();
    assertThat(rows).hasSize(1);
    Row r = rows.get(0);
    assertThat(r.<String>getAs("status")).isEqualTo("converged");
    assertThat(r.<String>getAs("model")).isEqualTo("mbgnbd");
    assertThat(r.<String>getAs("time_unit")).isEqualTo("day");
    assertThat(r.<Long>getAs("customers")).isEqualTo(2000L);
    for (String c : List.of("r", "alpha", "a", "b", "gg_p", "gg_q", "gg_gamma", "holdout_mae")) {
      assertThat(r.<Double>getAs(c)).as(c).isNotNull().isFinite().isGreaterThanOrEqualTo(0.0);
    }
    assertThat(r.<Double>getAs("log_likelihood")).isNegative();
    assertThat(r.<Long>getAs("gg_customers")).isPositive().isLessThanOrEqualTo(2000L);
    assertThat(r.<Integer>getAs("holdout_days")).isEqualTo(90);
  }

  @Test
  void segmentTotalsAreTheSumsOfFactClustering() {
    table("fact_clustering").createOrReplaceTempView("clv_fc2");
    Map<Integer, Row> expected =
        spark()
            .sql(
                "SELECT cluster_key, SUM(clv_365d) total, AVG(clv_365d) mean, SUM(p_alive) alive"
                    + " FROM clv_fc2 GROUP BY cluster_key")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getInt(0), r -> r));
    List<Row> dim = table("dim_cluster").collectAsList();
    for (Row d : dim) {
      int key = d.<Integer>getAs("cluster_key");
      if (!expected.containsKey(key)) {
        assertThat(d.<Object>getAs("clv_365d_total")).as("segment " + key).isNull();
        assertThat(d.<Object>getAs("expected_alive_customers")).as("segment " + key).isNull();
        continue;
      }
      Row e = expected.get(key);
      assertThat(d.<BigDecimal>getAs("clv_365d_total"))
          .as("segment " + key)
          .isNotNull()
          .isEqualByComparingTo(e.getDecimal(1));
      assertThat(d.<BigDecimal>getAs("clv_365d_mean").doubleValue())
          .isCloseTo(e.getDecimal(2).doubleValue(), org.assertj.core.api.Assertions.within(0.01));
      assertThat(d.<Double>getAs("expected_alive_customers"))
          .isCloseTo(e.getDouble(3), org.assertj.core.api.Assertions.within(1e-6));
    }
    assertThat(expected.keySet()).doesNotContain(-1);
  }

  @Test
  void theSummaryJsonHasTheClvObject() throws Exception {
    Path summary = w.warehouse().resolve("runs/e2e-1/summary.json");
    JsonNode clv = new ObjectMapper().readTree(summary.toFile()).get("clv");
    assertThat(clv).isNotNull();
    for (String f :
        List.of(
            "model",
            "time_unit",
            "customers",
            "r",
            "alpha",
            "a",
            "b",
            "log_likelihood",
            "gg_p",
            "gg_q",
            "gg_gamma",
            "gg_log_likelihood",
            "gg_customers",
            "holdout_days",
            "holdout_mae",
            "status",
            "message")) {
      assertThat(clv.has(f)).as(f).isTrue();
    }
    Row r = table("clv_model").where("run_id = 'e2e-1'").first();
    assertThat(clv.get("status").asText()).isEqualTo(r.<String>getAs("status"));
    assertThat(clv.get("r").asDouble())
        .isCloseTo(r.<Double>getAs("r"), org.assertj.core.api.Assertions.within(1e-5));
    assertThat(clv.get("holdout_buckets")).isNotEmpty();
  }

  @Test
  void clvDisabledLeavesNullColumnsAndADisabledClvModelRow() {
    Path data = tmp.resolve("small");
    assertThat(
            Cli.run("generate", "--output", data.toString(), "--customers", "300", "--seed", "7")
                .exitCode())
        .isZero();
    Path out = tmp.resolve("disabled");
    Cli r =
        Cli.run(
            "run",
            "--input",
            data.resolve("invoices").toString(),
            "--output",
            out.toString(),
            "--run-id",
            "no-clv",
            "--set",
            "clv.enabled=false",
            "--set",
            "output.report=false");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("lifetime value     disabled");
    Dataset<Row> fc = PowerBiRules.load(spark(), out, "fact_clustering");
    assertThat(fc.count()).isPositive();
    assertThat(
            fc.where(
                    "p_alive is not null or expected_purchases_90d is not null or"
                        + " expected_purchases_365d is not null or expected_order_value is not null"
                        + " or clv_365d is not null")
                .count())
        .isZero();
    assertThat(
            PowerBiRules.load(spark(), out, "dim_cluster")
                .where("clv_365d_total is not null or expected_alive_customers is not null")
                .count())
        .isZero();
    List<Row> model = PowerBiRules.load(spark(), out, "clv_model").collectAsList();
    assertThat(model).hasSize(1);
    assertThat(model.get(0).<String>getAs("status")).isEqualTo("disabled");
    assertThat(model.get(0).<Object>getAs("r")).isNull();
    PowerBiRules.assertClvColumns(spark(), out);
  }
}
