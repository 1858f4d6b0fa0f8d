package io.segmentation.lines;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.tables.Tables;
import io.segmentation.testing.Ari;
import io.segmentation.testing.Cli;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's default data set through this Spark line's build: {@code generate}, {@code run},
 * {@code score} on the saved model and a second {@code run} after new files landed, with the same
 * checks as the 4.1 line's full suite (planted archetypes recovered, the Power BI table rules).
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedDataOnThisLineTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path input;
  static Path warehouse;
  static Path data;
  static Path batch;

  @BeforeAll
  static void generateAndRun() throws IOException {
    spark();
    System.out.println("Spark line " + LineRun.line());
    data = tmp.resolve("generated");
    Cli gen = Cli.run("generate", "--output", data.toString());
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    batch = tmp.resolve("new-batch");
    Cli gen2 =
        Cli.run("generate", "--output", batch.toString(), "--customers", "300", "--seed", "99");
    assertThat(gen2.exitCode()).as(gen2.err()).isZero();
    input = tmp.resolve("landing");
    copyFiles(data.resolve("invoices"), input, "");
    warehouse = tmp.resolve("warehouse");
    Cli run = run("line-1");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static Cli run(String runId) {
    return Cli.run(
        "run", "--input", input.toString(), "--output", warehouse.toString(), "--run-id", runId);
  }

  private static void copyFiles(Path from, Path to, String prefix) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(GeneratedDataOnThisLineTest::isDataFile).toList()) {
        Files.copy(f, to.resolve(prefix + f.getFileName()));
      }
    }
  }

  /** A data file, not a checksum or marker file (which Spark skips by their leading . or _). */
  private static boolean isDataFile(Path f) {
    String name = f.getFileName().toString();
    return Files.isRegularFile(f) && !name.startsWith(".") && !name.startsWith("_");
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(warehouse.resolve(name).toString());
  }

  private static long quality(String runId, String rule) {
    return table("data_quality")
        .where("run_id = '" + runId + "' and rule = '" + rule + "'")
        .first()
        .<Long>getAs("rows_affected");
  }

  @Test
  @Order(1)
  void segmentsRecoverThePlantedArchetypesAndTheTablesFollowThePowerBiRules() {
    Dataset<Row> truth =
        spark()
            .read()
            .option("header", true)
            .csv(data.resolve("ground_truth/customers.csv").toString());
    List<Row> cells =
        table("fact_clustering")
            .join(truth, "customer_id")
            .groupBy("cluster_key", "archetype")
            .count()
            .collectAsList();
    double ari = Ari.of(cells);
    System.out.printf(
        "Spark %s: adjusted Rand index vs planted archetypes: %.3f%n", LineRun.line(), ari);
    assertThat(ari).isGreaterThanOrEqualTo(0.8);
    PowerBiRules.assertReadableByEveryEngine(spark(), warehouse);
    PowerBiRules.assertReferentialIntegrity(spark(), warehouse);
  }

  @Test
  @Order(2)
  void scoreAssignsNewCustomersToTheSavedSegmentsAndASecondRunLoadsOnlyTheNewFiles()
      throws IOException {
    String modelPath = table("run_log").where("run_id = 'line-1'").first().getAs("model_path");
    Path scored = tmp.resolve("scored");
    Cli score =
        Cli.run(
            "score",
            "--model",
            modelPath,
            "--input",
            batch.resolve("invoices").toString(),
            "--output",
            scored.toString(),
            "--run-id",
            "line-score");
    assertThat(score.exitCode()).as(score.err()).isZero();
    assertThat(score.out()).contains("scored 300 customers into");
    Dataset<Row> assigned =
        spark().read().format("delta").load(scored.resolve("scored_customers").toString());
    List<String> names =
        table("dim_cluster")
            .where("cluster_key > 0")
            .select("segment_name")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(assigned.count()).isEqualTo(300);
    assertThat(assigned.select("segment_name").distinct().as(Encoders.STRING()).collectAsList())
        .isSubsetOf(names);
    PowerBiRules.assertReadableByEveryEngine(spark(), scored, Tables.SCORED_CUSTOMERS);

    // New files land beside the loaded ones: the second run reads only them.
    long salesBefore = table("fact_sales").count();
    copyFiles(batch.resolve("invoices"), input, "later-");
    long newRows =
        spark().read().option("header", true).csv(batch.resolve("invoices").toString()).count();
    Cli second = run("line-2");
    assertThat(second.exitCode()).as(second.err()).isZero();
    // Only the new files are loaded: the sales grow by at most their lines (a reload of the first
    // files would add their lines again).
    assertThat(table("fact_sales").count() - salesBefore).isPositive().isLessThanOrEqualTo(newRows);
    assertThat(table("run_log").count()).isEqualTo(2);
    assertThat(table("model_selection").where("run_id = 'line-2' and chosen").count()).isEqualTo(1);
    PowerBiRules.assertReferentialIntegrity(spark(), warehouse);
  }
}
