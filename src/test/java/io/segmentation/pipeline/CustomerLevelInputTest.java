package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer-level input (one row per customer, no invoice columns): the job clusters on its numeric
 * columns and keeps gender, age, city and membership as attributes in dim_customer.
 */
@Tag("e2e")
class CustomerLevelInputTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path warehouse;
  static Cli run;

  /** Three planted groups of 20 customers: big recent spenders, middling, small and lapsed. */
  @BeforeAll
  static void runOnce() throws IOException {
    spark();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Customer ID,Gender,Age,City,Membership Type,Total Spend,Items Purchased,Average Rating,Discount Applied,Days Since Last Purchase,Satisfaction Level");
    String[] cities = {"New York", "Los Angeles", "Chicago", "Houston"};
    for (int i = 0; i < 60; i++) {
      int group = i / 20;
      int j = i % 20;
      double spend = new double[] {2000, 500, 50}[group] * (1 + 0.01 * j);
      int items = new int[] {40, 10, 1}[group] + j % 3;
      double rating = new double[] {4.5, 3.5, 2.0}[group] + 0.01 * j;
      int days = new int[] {5, 30, 200}[group] + j % 5;
      String membership = new String[] {"Gold", "Silver", "Bronze"}[group];
      lines.add(
          String.format(
              Locale.ROOT,
              "%d,%s,%d,%s,%s,%.2f,%d,%.2f,%s,%d,%s",
              101 + i,
              i % 2 == 0 ? "Female" : "Male",
              20 + i % 50,
              cities[i % 4],
              membership,
              spend,
              items,
              rating,
              j % 3 == 0 ? "TRUE" : "FALSE",
              days,
              "Neutral"));
    }
    lines.add(",Female,30,Chicago,Gold,100.00,3,4.0,TRUE,10,Satisfied"); // no id
    lines.add("900,Male,41,Chicago,Silver,n/a,3,4.0,TRUE,10,Satisfied"); // spend not a number
    lines.add(
        "101,Male,33,Houston,Gold,999.00,9,4.0,TRUE,10,Satisfied"); // second row of customer 101
    Path input = tmp.resolve("customers.csv");
    Files.write(input, lines);
    warehouse = tmp.resolve("warehouse");
    run =
        Cli.run(
            "run",
            "--input",
            input.toString(),
            "--output",
            warehouse.toString(),
            "--run-id",
            "customers-1",
            "--set",
            "input.level=customers",
            "--set",
            "model.k-max=5");
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(warehouse.resolve(name).toString());
  }

  @Test
  void clustersOnTheNumericColumnsAndFindsThePlantedGroups() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<Integer, Integer> clusterOfGroup = new HashMap<>();
    for (Row r :
        table("fact_clustering")
            .selectExpr("cast(customer_id as int) id", "cluster_key")
            .collectAsList()) {
      int group = (r.getInt(0) - 101) / 20;
      Integer seen = clusterOfGroup.putIfAbsent(group, r.getInt(1));
      assertThat(seen == null || seen == r.getInt(1))
          .as("customer %d of group %d", r.getInt(0), group)
          .isTrue();
    }
    assertThat(clusterOfGroup).hasSize(3);
    assertThat(clusterOfGroup.values().stream().distinct().count()).isEqualTo(3);
    assertThat(run.out()).contains("chosen k           3");
  }

  @Test
  void wellKnownColumnsBecomeTheStandardFeatures() {
    Row c =
        table("fact_clustering")
            .where("customer_id = '105'")
            .selectExpr("monetary_net", "total_items", "recency_days", "frequency")
            .first();
    assertThat(((Number) c.get(0)).doubleValue()).isEqualTo(2080.0); // 2000 * 1.04
    assertThat(((Number) c.get(1)).longValue()).isEqualTo(41L); // 40 + 4 % 3
    assertThat(((Number) c.get(2)).longValue()).isEqualTo(9L); // 5 + 4 % 5
    assertThat(c.isNullAt(3)).as("no frequency column in the input").isTrue();
    List<String> profiled =
        table("segment_profile").select("feature").distinct().as(Encoders.STRING()).collectAsList();
    assertThat(profiled)
        .contains(
            "monetary_net",
            "total_items",
            "recency_days",
            "average_rating",
            "age",
            "share_gender_female",
            "share_membership_gold");
    assertThat(profiled).doesNotContain("discount_applied", "satisfaction_level", "frequency");
  }

  /** The input has no orders or cancellations: descriptions state recency and spend only. */
  @Test
  void segmentDescriptionsLeaveOutTheMeasuresTheInputLacks() {
    List<String> descriptions =
        table("dim_cluster")
            .where("cluster_key > 0")
            .select("description")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(descriptions).hasSize(3);
    for (String d : descriptions) {
      assertThat(d).contains(" days ago", " per customer").hasSizeLessThanOrEqualTo(300);
      assertThat(d.toLowerCase(Locale.ROOT))
          .doesNotContain("nan", "order", "cancel", "invoice", "one-off");
    }
  }

  @Test
  void attributesLandInDimCustomerWithAgeBands() {
    Row c =
        table("dim_customer")
            .where("customer_id = '111'")
            .selectExpr("gender", "age", "age_band", "city", "membership")
            .first();
    assertThat(c.getString(0)).isEqualTo("Female");
    assertThat(c.getInt(1)).isEqualTo(30);
    assertThat(c.getString(2)).isEqualTo("25-34");
    assertThat(c.getString(3)).isEqualTo("Chicago");
    assertThat(c.getString(4)).isEqualTo("Gold");
    Map<String, Long> bands =
        table("dim_customer")
            .where("customer_key <> -1")
            .groupBy("age_band")
            .count()
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(bands).containsEntry("18-24", 10L).containsEntry("65+", 5L);
    // Gold members' share in the segment of the big spenders is 1.
    double goldShare =
        table("segment_profile")
            .where("feature = 'share_membership_gold'")
            .join(
                table("fact_clustering").where("customer_id = '101'").select("cluster_key"),
                "cluster_key")
            .first()
            .<Double>getAs("mean_value");
    assertThat(goldShare).isEqualTo(1.0);
  }

  @Test
  void badRowsAreQuarantinedWithTheirReason() {
    Map<String, Long> reasons =
        table("rejected_rows").groupBy("reason").count().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("missing_customer_id", 1L, "unparseable_number", 1L, "duplicate_row", 1L));
    assertThat(table("fact_clustering").count()).isEqualTo(60);
    assertThat(table("fact_sales").count()).isZero();
    Row q = table("run_log").selectExpr("rows_read", "rows_clean", "rows_rejected").first();
    assertThat(q.getLong(0)).isEqualTo(63);
    assertThat(q.getLong(1)).isEqualTo(60);
    assertThat(q.getLong(2)).isEqualTo(3);
  }

  @Test
  void unknownKmeansColumnIsAnInputError() {
    Cli bad =
        Cli.run(
            "run",
            "--input",
            tmp.resolve("customers.csv").toString(),
            "--output",
            tmp.resolve("wh2").toString(),
            "--set",
            "input.level=customers",
            "--set",
            "features.kmeans=[total_spend, loyalty_points]");
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.lastErrLine())
        .contains("features.kmeans names [loyalty_points]")
        .contains("monetary_net");
  }
}
