package io.segmentation.history;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse written before segment identity (no history or migration table, dim_cluster and
 * run_log without their new columns) is upgraded by the next run: its segments are matched through
 * fact_clustering, run_log gains the drift columns (with comments), nothing fails.
 */
@Tag("e2e")
class OlderWarehouseTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path warehouse;
  static List<Row> before;

  @BeforeAll
  static void upgrade() throws IOException {
    spark();
    Path data = tmp.resolve("data");
    assertThat(
            Cli.run("generate", "--output", data.toString(), "--customers", "400", "--seed", "5")
                .exitCode())
        .isZero();
    warehouse = tmp.resolve("warehouse");
    String invoices = data.resolve("invoices").toString();
    run(invoices, "old-1");
    // Make it look like a warehouse of the previous version.
    for (String t : List.of(Tables.FACT_SEGMENT_HISTORY.name(), Tables.SEGMENT_MIGRATION.name())) {
      try (Stream<Path> files = Files.walk(warehouse.resolve(t))) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    strip(
        "run_log",
        "previous_run_id",
        "segments_continuing",
        "segments_new",
        "segments_retired",
        "max_centroid_shift",
        "max_share_change",
        "silhouette_change",
        "changed_segment_share",
        "max_psi",
        "drift_alert");
    strip("dim_cluster", "first_run_id", "previous_cluster_key", "status");
    before =
        table("fact_clustering")
            .select("customer_key", "cluster_key", "segment_name")
            .orderBy("customer_key")
            .collectAsList();
    run(invoices, "new-2");
  }

  private static void strip(String name, String... columns) {
    Dataset<Row> t = table(name).drop(columns).localCheckpoint();
    t.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("userMetadata", "old-1")
        .save(warehouse.resolve(name).toString());
    assertThat(List.of(table(name).columns())).doesNotContain(columns);
  }

  private static void run(String input, String runId) {
    Cli cli = Cli.run("run", "--input", input, "--output", warehouse.toString(), "--run-id", runId);
    assertThat(cli.exitCode()).as(cli.err()).isZero();
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(warehouse.resolve(name).toString());
  }

  @Test
  void theNextRunMatchesThroughFactClusteringAndKeepsKeys() {
    List<Row> after =
        table("fact_clustering")
            .select("customer_key", "cluster_key", "segment_name")
            .orderBy("customer_key")
            .collectAsList();
    assertThat(after).isEqualTo(before);
    Row log = table("run_log").where("run_id = 'new-2'").first();
    assertThat(log.<String>getAs("previous_run_id")).isEqualTo("old-1");
    assertThat(log.<Integer>getAs("segments_new")).isZero();
    assertThat(log.<Double>getAs("changed_segment_share")).isZero();
    assertThat(table("run_log").where("run_id = 'old-1'").first().<Object>getAs("drift_alert"))
        .isNull();
    Dataset<Row> dim = table("dim_cluster").where(col("cluster_key").notEqual(-1));
    assertThat(dim.select("status").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("continuing");
    assertThat(dim.select("first_run_id").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("old-1");
    assertThat(table("segment_migration").where("previous_cluster_key <> cluster_key").count())
        .isZero();
  }

  @Test
  void upgradedTablesFollowThePowerBiRules() {
    PowerBiRules.assertReadableByEveryEngine(spark(), warehouse);
  }
}
