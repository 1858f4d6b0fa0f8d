package io.segmentation.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails while writing the tables leaves every table at its previous version, records the
 * failure in run_log, and a retry of the same run id then succeeds.
 */
@Tag("e2e")
class FailedRunTest extends SparkTestBase {
  @TempDir Path tmp;

  private List<Row> rows(Path warehouse, String table, String orderBy) {
    return PowerBiRules.load(spark(), warehouse, table).orderBy(orderBy).collectAsList();
  }

  @Test
  void failureWhileWritingRestoresThePreviousVersions() throws Exception {
    spark();
    Path data = tmp.resolve("data");
    Path wh = tmp.resolve("warehouse");
    assertThat(Cli.run("generate", "--output", data.toString(), "--customers", "300").exitCode())
        .isZero();
    String input = data.resolve("invoices").toString();
    Cli first =
        Cli.run(
            "run",
            "--input",
            input,
            "--output",
            wh.toString(),
            "--run-id",
            "r1",
            "--set",
            "model.k=4");
    assertThat(first.exitCode()).as(first.err()).isZero();
    List<Row> clusters = rows(wh, "dim_cluster", "cluster_key");
    List<Row> customers = rows(wh, "dim_customer", "customer_key");
    long sales = PowerBiRules.load(spark(), wh, "fact_sales").count();

    // Break one table late in the write order: its log becomes a plain file.
    Path log = wh.resolve("fact_clustering/_delta_log");
    Path aside = tmp.resolve("aside");
    Files.move(log, aside);
    Files.writeString(log, "not a directory");
    Cli failed =
        Cli.run(
            "run",
            "--input",
            input,
            "--output",
            wh.toString(),
            "--run-id",
            "r2",
            "--set",
            "model.k=3");
    assertThat(failed.exitCode()).as(failed.out()).isEqualTo(1);
    assertThat(failed.lastErrLine()).startsWith("error: unexpected failure");

    assertThat(rows(wh, "dim_cluster", "cluster_key"))
        .as("dim_cluster back at run r1")
        .isEqualTo(clusters);
    assertThat(rows(wh, "dim_customer", "customer_key")).isEqualTo(customers);
    assertThat(PowerBiRules.load(spark(), wh, "fact_sales").count()).isEqualTo(sales);
    assertThat(
            spark()
                .sql("DESCRIBE HISTORY delta.`" + wh.resolve("dim_cluster") + "`")
                .first()
                .<String>getAs("operation"))
        .isEqualTo("RESTORE");
    assertThat(
            PowerBiRules.load(spark(), wh, "run_log")
                .where("run_id = 'r2'")
                .select("status")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly("failed");

    Files.delete(log);
    Files.move(aside, log);
    Cli retry =
        Cli.run(
            "run",
            "--input",
            input,
            "--output",
            wh.toString(),
            "--run-id",
            "r2",
            "--set",
            "model.k=3");
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    // k=3 after k=4: three segments continue, the fourth is kept as retired (segments over time).
    assertThat(
            PowerBiRules.load(spark(), wh, "dim_cluster")
                .where("cluster_key > 0 and status <> 'retired'")
                .count())
        .isEqualTo(3);
    assertThat(PowerBiRules.load(spark(), wh, "dim_cluster").where("status = 'retired'").count())
        .isEqualTo(1);
    assertThat(
            PowerBiRules.load(spark(), wh, "run_log")
                .where("run_id = 'r2'")
                .select("status")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("failed", "succeeded");
    PowerBiRules.assertReferentialIntegrity(spark(), wh);
  }
}
