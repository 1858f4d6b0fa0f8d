package io.segmentation.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SharedData;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real UCI Online Retail data through this Spark line's build, checked against the figures the
 * 4.1 line's real-data tests establish and docs/pipeline.md records (OnlineRetailTest,
 * OnlineRetailRevenueTest, ../shared/data/README.md): the same sales lines to the cent, the same
 * quarantined lines per rule, the same customers, the same k and a silhouette within 0.005.
 */
@Tag("e2e")
class OnlineRetailOnThisLineTest extends SparkTestBase {
  /** The 4.1 line's figures with the default configuration (docs/pipeline.md). */
  static final long SALES_LINES = 531_236;

  static final String SALES_TOTAL = "9772003.97";
  static final long GUEST_LINES = 131_580;
  static final Map<String, Long> REJECTED =
      Map.of("non_positive_price", 2_517L, "non_product_code", 2_899L, "duplicate_row", 5_257L);
  static final long CUSTOMERS = 4_334;
  static final int K = 3;
  static final double SILHOUETTE = 0.5012;

  @TempDir static Path warehouse;
  static Cli run;

  @BeforeAll
  static void runOnRealData() {
    String glob = SharedData.onlineRetailGlob();
    spark();
    run =
        Cli.run(
            "run",
            "--config",
            LineRun.conf("online-retail.conf"),
            "--input",
            glob,
            "--output",
            warehouse.toString(),
            "--run-id",
            "uci-line");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(warehouse.resolve(name).toString());
  }

  @Test
  void salesLinesAndTheirTotalAreThe41LinesToTheCent() {
    Row sales = table("fact_sales").selectExpr("count(*)", "sum(line_amount)").first();
    System.out.printf(
        "Spark %s: fact_sales %,d lines, %s%n",
        LineRun.line(), sales.getLong(0), sales.getDecimal(1));
    assertThat(sales.getLong(0)).isEqualTo(SALES_LINES);
    assertThat(sales.getDecimal(1)).isEqualByComparingTo(SALES_TOTAL);
    assertThat(table("fact_sales").where("customer_key = -1").count()).isEqualTo(GUEST_LINES);
    assertThat(run.out()).contains("rows read          541,909");
  }

  @Test
  void theSameLinesAreQuarantinedPerRule() {
    Map<String, Long> rejected = new TreeMap<>();
    for (Row r : table("rejected_rows").groupBy("reason").count().collectAsList()) {
      rejected.put(r.getString(0), r.getLong(1));
    }
    assertThat(rejected).isEqualTo(new TreeMap<>(REJECTED));
    assertThat(SALES_LINES + rejected.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(SharedData.ROWS);
  }

  @Test
  void theSameCustomersKAndSilhouette() {
    assertThat(table("fact_clustering").count()).isEqualTo(CUSTOMERS);
    assertThat(table("fact_clustering").select("customer_id").distinct().count())
        .isEqualTo(CUSTOMERS);
    Row chosen = table("model_selection").where("chosen").first();
    System.out.printf(
        "Spark %s: k %d, silhouette %.4f%n",
        LineRun.line(), chosen.<Integer>getAs("k"), chosen.<Double>getAs("silhouette"));
    assertThat(chosen.<Integer>getAs("k")).isEqualTo(K);
    assertThat(chosen.<Double>getAs("silhouette")).isCloseTo(SILHOUETTE, within(0.005));
    assertThat(table("dim_cluster").where("cluster_key > 0").count()).isEqualTo(K);
  }

  @Test
  void tablesFollowThePowerBiRules() {
    PowerBiRules.assertReadableByEveryEngine(spark(), warehouse);
    PowerBiRules.assertReferentialIntegrity(spark(), warehouse);
  }
}
