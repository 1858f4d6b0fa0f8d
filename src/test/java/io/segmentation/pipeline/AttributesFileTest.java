package io.segmentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** input.attributes: a customer file joined by id into dim_customer and segment_profile. */
@Tag("e2e")
class AttributesFileTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path warehouse;
  static List<String> ids;
  static Cli run;

  @BeforeAll
  static void runOnce() throws IOException {
    spark();
    Path data = tmp.resolve("data");
    Cli gen = Cli.run("generate", "--customers", "200", "--output", data.toString());
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    ids =
        Files.readAllLines(data.resolve("ground_truth/customers.csv")).stream()
            .skip(1)
            .map(l -> l.split(",")[0])
            .toList();
    List<String> lines = new ArrayList<>();
    // Names recognised by alias: Sex -> gender, Town -> city, Loyalty Tier -> membership.
    lines.add("CustomerID,Sex,Age,Town,Loyalty Tier");
    for (int i = 0; i < 150; i++) { // the last 50 customers have no attributes
      lines.add(
          String.join(
              ",",
              ids.get(i),
              i % 3 == 0 ? "F" : "M",
              String.valueOf(18 + i % 60),
              "Town" + (i % 5),
              i < 50 ? "Gold" : "Basic"));
    }
    lines.add("99999999,F,40,Nowhere,Gold"); // a customer without purchases: ignored
    lines.add(",F,40,Nowhere,Gold"); // no id: ignored
    Path attributes = tmp.resolve("attributes.csv");
    Files.write(attributes, lines);
    warehouse = tmp.resolve("warehouse");
    run =
        Cli.run(
            "run",
            "--input",
            data.resolve("invoices").toString(),
            "--output",
            warehouse.toString(),
            "--set",
            "model.k=3",
            "--set",
            "input.attributes.path=" + attributes,
            "--set",
            "input.attributes.format=csv");
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(warehouse.resolve(name).toString());
  }

  @Test
  void attributesAreJoinedIntoDimCustomer() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    Row first =
        table("dim_customer")
            .where("customer_id = '" + ids.get(0) + "'")
            .selectExpr("gender", "age", "age_band", "city", "membership")
            .first();
    assertThat(first.getString(0)).isEqualTo("F");
    assertThat(first.getInt(1)).isEqualTo(18);
    assertThat(first.getString(2)).isEqualTo("18-24");
    assertThat(first.getString(3)).isEqualTo("Town0");
    assertThat(first.getString(4)).isEqualTo("Gold");
    Row last =
        table("dim_customer")
            .where("customer_id = '" + ids.get(199) + "'")
            .selectExpr("gender", "age", "age_band")
            .first();
    assertThat(last.isNullAt(0) && last.isNullAt(1) && last.isNullAt(2)).isTrue();
    assertThat(table("dim_customer").where("customer_key <> -1").count()).isEqualTo(200);
    assertThat(table("dim_customer").where("gender IS NOT NULL").count()).isEqualTo(150);
  }

  @Test
  void segmentProfilesDescribeAgeAndAttributeShares() {
    List<String> features =
        table("segment_profile").select("feature").distinct().as(Encoders.STRING()).collectAsList();
    assertThat(features)
        .contains(
            "age",
            "share_gender_f",
            "share_gender_m",
            "share_membership_gold",
            "share_membership_basic",
            "recency_days");
    // Weighted by segment size, the share of women over all segments is 50 / 200 customers.
    double women =
        table("segment_profile")
            .where("feature = 'share_gender_f'")
            .join(table("dim_cluster"), "cluster_key")
            .selectExpr("sum(mean_value * customer_count)")
            .first()
            .getDouble(0);
    assertThat(women).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-6));
  }
}
