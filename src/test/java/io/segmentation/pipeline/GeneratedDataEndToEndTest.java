package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.tables.Tables;
import io.segmentation.testing.Ari;
import io.segmentation.testing.Cli;
import io.segmentation.testing.GeneratedWarehouse;
import io.segmentation.testing.PowerBiRules;
import io.segmentation.testing.SparkTestBase;
import io.segmentation.warehouse.WarehouseLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DoubleType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the generator's default data set (2,000 customers with planted archetypes),
 * through the command line as a user runs it.
 */
@Tag("e2e")
class GeneratedDataEndToEndTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path data;
  static Path warehouse;
  static Cli firstRun;

  @BeforeAll
  static void runOnce() {
    spark();
    GeneratedWarehouse w = GeneratedWarehouse.get();
    data = w.data();
    warehouse = w.warehouse();
    firstRun = w.firstRun();
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(warehouse.resolve(name).toString());
  }

  private static Dataset<Row> groundTruth() {
    return spark()
        .read()
        .option("header", true)
        .csv(data.resolve("ground_truth/customers.csv").toString());
  }

  @Test
  void segmentsRecoverThePlantedArchetypes() {
    List<Row> cells =
        table("fact_clustering")
            .join(groundTruth(), "customer_id")
            .groupBy("cluster_key", "archetype")
            .count()
            .collectAsList();
    double ari = Ari.of(cells);
    System.out.printf("adjusted Rand index vs planted archetypes: %.3f%n", ari);
    assertThat(ari).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void namesReflectTheArchetypes() {
    Dataset<Row> joined = table("fact_clustering").join(groundTruth(), "customer_id");
    assertThat(mostCommonSegment(joined, "frequent_canceller")).isEqualTo("Fickle Returners");
    assertThat(mostCommonSegment(joined, "loyal_high_spender")).isEqualTo("Power Loyalists");
    assertThat(mostCommonSegment(joined, "one_off")).isEqualTo("Ghost Shoppers");
  }

  private static String mostCommonSegment(Dataset<Row> joined, String archetype) {
    return joined
        .where(joined.col("archetype").equalTo(archetype))
        .groupBy("segment_name")
        .count()
        .orderBy(desc("count"))
        .first()
        .getString(0);
  }

  @Test
  void summaryReportsCountsThatMatchTheFiles() throws IOException {
    long lines = 0;
    try (Stream<Path> files = Files.list(data.resolve("invoices"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        try (Stream<String> l = Files.lines(f)) {
          lines += l.count() - 1; // header
        }
      }
    }
    String out = firstRun.out();
    assertThat(out).contains(String.format("rows read          %,d", lines));
    assertThat(out)
        .contains("customer ids read  2,000")
        .contains("customers          2,000 segmented");
    assertThat(out).containsPattern("chosen k +5 \\(silhouette 0\\.\\d+");
    assertThat(out).contains("fact_clustering", "dim_cluster", warehouse.toString());
    Row dq = table("data_quality").where("rule = 'rows_read'").first();
    assertThat(dq.<Long>getAs("rows_affected")).isEqualTo(lines);
    long quarantined =
        table("data_quality")
            .where("action = 'quarantined'")
            .agg(sum("rows_affected"))
            .first()
            .getLong(0);
    assertThat(table("rejected_rows").count()).isEqualTo(quarantined);
    assertThat(table("fact_sales").count() + quarantined).isEqualTo(lines);
  }

  @Test
  void everyCustomerIsInExactlyOneSegment() {
    Dataset<Row> fc = table("fact_clustering");
    assertThat(fc.count()).isEqualTo(2000);
    assertThat(fc.select("customer_id").distinct().count()).isEqualTo(2000);
    assertThat(fc.where("cluster_key is null or cluster_key < 1").count()).isZero();
    long sizes =
        table("dim_cluster").where("cluster_key > 0").agg(sum("customer_count")).first().getLong(0);
    assertThat(sizes).isEqualTo(2000);
  }

  @Test
  void modelSelectionFollowsTheRule() {
    List<Row> rows =
        table("model_selection").where("run_id = 'e2e-1'").orderBy("k").collectAsList();
    assertThat(rows).extracting(r -> r.<Integer>getAs("k")).containsExactly(3, 4, 5, 6, 7, 8);
    Row best = null;
    for (Row r : rows) {
      boolean admissible = r.<Double>getAs("smallest_segment_share") >= 0.02;
      if (admissible
          && (best == null || r.<Double>getAs("silhouette") > best.<Double>getAs("silhouette"))) {
        best = r;
      }
    }
    assertThat(rows.stream().filter(r -> r.<Boolean>getAs("chosen")).toList())
        .containsExactly(best);
    Row log = table("run_log").where("run_id = 'e2e-1'").first();
    assertThat(log.<Double>getAs("model_search_seconds")).isPositive();
    assertThat(log.<Double>getAs("silhouette")).isEqualTo(best.<Double>getAs("silhouette"));
  }

  @Test
  void rerunningTheSameRunIdAddsNothingAndGivesTheSameSegments() {
    List<Row> before =
        table("fact_clustering")
            .select("customer_id", "segment_name")
            .orderBy("customer_id")
            .collectAsList();
    long logRows = table("run_log").count();
    long rejected = table("rejected_rows").count();
    Map<String, Long> appendRows = new LinkedHashMap<>();
    for (String t :
        List.of(
            "model_selection",
            "data_quality",
            "rejected_rows",
            "clv_model",
            "fact_segment_history",
            "segment_migration",
            "run_log")) {
      appendRows.put(t, table(t).count());
    }
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String t : OVERWRITTEN) {
      versions.put(
          t,
          spark()
              .sql("DESCRIBE HISTORY delta.`" + warehouse.resolve(t) + "`")
              .first()
              .<Long>getAs("version"));
    }
    Cli again =
        Cli.run(
            "run",
            "--input",
            data.resolve("invoices").toString(),
            "--output",
            warehouse.toString(),
            "--run-id",
            "e2e-1",
            "--set",
            "output.database=" + GeneratedWarehouse.DATABASE);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(table("run_log").count()).isEqualTo(logRows);
    assertThat(table("rejected_rows").count()).isEqualTo(rejected);
    List<Row> after =
        table("fact_clustering")
            .select("customer_id", "segment_name")
            .orderBy("customer_id")
            .collectAsList();
    assertThat(after).isEqualTo(before);
    Map<String, Long> appendAfter = new LinkedHashMap<>();
    appendRows.keySet().forEach(t -> appendAfter.put(t, table(t).count()));
    assertThat(appendAfter).as("append tables: no duplicate rows").isEqualTo(appendRows);
    // Overwritten tables: same content as before the rerun (read by time travel), doubles to 1e-9.
    for (String t : OVERWRITTEN) {
      Dataset<Row> previous =
          rounded(
              spark()
                  .read()
                  .format("delta")
                  .option("versionAsOf", versions.get(t))
                  .load(warehouse.resolve(t).toString()));
      Dataset<Row> current = rounded(table(t));
      assertThat(current.exceptAll(previous).count())
          .as(t + " rows not in the previous version")
          .isZero();
      assertThat(previous.exceptAll(current).count()).as(t + " rows lost by the rerun").isZero();
    }
  }

  private static final List<String> OVERWRITTEN =
      List.of(
          "dim_date",
          "dim_country",
          "dim_customer",
          "dim_cluster",
          "segment_profile",
          "fact_sales",
          "fact_clustering");

  private static Dataset<Row> rounded(Dataset<Row> df) {
    return df.select(
        Arrays.stream(df.schema().fields())
            .map(
                f ->
                    f.dataType() instanceof DoubleType
                        ? round(df.col(f.name()), 9).as(f.name())
                        : df.col(f.name()))
            .toArray(Column[]::new));
  }

  @Test
  void scoreAssignsNewCustomersToTheSavedSegmentsWithoutRefitting() {
    String modelPath = table("run_log").where("run_id = 'e2e-1'").first().getAs("model_path");
    Path batch = tmp.resolve("new-batch");
    assertThat(
            Cli.run("generate", "--output", batch.toString(), "--customers", "300", "--seed", "99")
                .exitCode())
        .isZero();
    Path scored = tmp.resolve("scored");
    Cli r =
        Cli.run(
            "score",
            "--model",
            modelPath,
            "--input",
            batch.resolve("invoices").toString(),
            "--output",
            scored.toString(),
            "--run-id",
            "score-1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("scored 300 customers into 5 segments");
    // Issue 16: the same generator's customers: population drift is measured, and small.
    assertThat(r.out())
        .containsPattern(
            "population drift against the model's training customers: max PSI 0\\.\\d{3}\\R");
    Dataset<Row> assigned =
        spark().read().format("delta").load(scored.resolve("scored_customers").toString());
    List<String> modelNames =
        table("dim_cluster")
            .where("cluster_key > 0")
            .select("segment_name")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(assigned.count()).isEqualTo(300);
    assertThat(assigned.where("segment_name is null or cluster_key is null").count()).isZero();
    // CLV from the parameters saved with the model: the columns are there, valid where known.
    assertThat(assigned.columns())
        .contains(
            "p_alive",
            "expected_purchases_90d",
            "expected_purchases_365d",
            "expected_order_value",
            "clv_365d");
    assertThat(assigned.where("p_alive is not null").count()).isPositive();
    assertThat(assigned.where("p_alive < 0 or p_alive > 1 or isnan(p_alive)").count()).isZero();
    assertThat(assigned.select("segment_name").distinct().as(Encoders.STRING()).collectAsList())
        .isSubsetOf(modelNames);
    // Planted cancellers of the new batch land in the cancellers' segment of the saved model.
    Dataset<Row> truth =
        spark()
            .read()
            .option("header", true)
            .csv(batch.resolve("ground_truth/customers.csv").toString());
    assertThat(mostCommonSegment(assigned.join(truth, "customer_id"), "frequent_canceller"))
        .isEqualTo("Fickle Returners");
    // The same table rules as the run's tables: protocol 1/2, comments, the run id on the commit.
    PowerBiRules.assertReadableByEveryEngine(spark(), scored, Tables.SCORED_CUSTOMERS);
    assertThat(
            spark()
                .sql("DESCRIBE HISTORY delta.`" + scored.resolve("scored_customers") + "`")
                .select("userMetadata")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly("score-1");
    assertThat(scored.resolve(WarehouseLock.FILE)).as("lock released").doesNotExist();
  }

  @Test
  void scoreFindingTheWarehouseLockedExitsWith5AndWritesNothing() {
    String modelPath = table("run_log").where("run_id = 'e2e-1'").first().getAs("model_path");
    Path busy = tmp.resolve("busy");
    Cli r;
    try (var held =
        WarehouseLock.acquire(
            spark().sparkContext().hadoopConfiguration(), busy.toString(), "a-run")) {
      r =
          Cli.run(
              "score",
              "--model",
              modelPath,
              "--input",
              data.resolve("invoices").toString(),
              "--output",
              busy.toString(),
              "--run-id",
              "score-busy");
    }
    assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
    assertThat(r.lastErrLine())
        .startsWith("error: Another run is writing the warehouse '" + busy + "' (run id a-run, ");
    assertThat(busy.resolve("scored_customers")).doesNotExist();
  }

  @Test
  void scoreFailsClearlyWhenTheModelIsMissing() {
    Cli r =
        Cli.run(
            "score",
            "--model",
            tmp.resolve("no-model").toString(),
            "--input",
            data.resolve("invoices").toString(),
            "--output",
            tmp.resolve("s2").toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.lastErrLine())
        .startsWith("error: No usable segmentation model at '" + tmp.resolve("no-model"))
        .contains("--model");
  }

  @Test
  void validateReportsTheSampleAndWritesNothing() {
    Path out = tmp.resolve("validate-output");
    Cli r =
        Cli.run(
            "validate",
            "--input",
            data.resolve("invoices").toString(),
            "--output",
            out.toString(),
            "--sample",
            "5000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("configuration OK", "5,000 rows parsed", "clean", "validate wrote nothing.");
    assertThat(r.out())
        .containsPattern("invoice_no +<- InvoiceNo")
        .containsPattern("profit +<- \\(not in the input\\)");
    // The files a run would read, counted here from the folder (hidden names skipped, as Spark).
    List<Path> files;
    try (var listing = java.nio.file.Files.walk(data.resolve("invoices"))) {
      files =
          listing
              .filter(java.nio.file.Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().matches("[._].*"))
              .sorted()
              .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(files).isNotEmpty();
    assertThat(r.out())
        .containsPattern("files +" + files.size() + " \\(")
        .contains("    file:" + files.get(0) + " (");
    assertThat(out).doesNotExist();
  }

  @Test
  void segmentProfileHasEveryFeatureWithMeansMediansAndZScores() {
    Dataset<Row> profile = table("segment_profile");
    long k = table("dim_cluster").where("cluster_key > 0").count();
    assertThat(profile.count()).isEqualTo(k * FeatureColumns.NUMERIC.size());
    Row topCancellers =
        profile.where("feature = 'cancellation_rate'").orderBy(desc("z_score")).first();
    assertThat(topCancellers.<String>getAs("segment_name")).isEqualTo("Fickle Returners");
    assertThat(topCancellers.<Double>getAs("z_score")).isGreaterThan(1.0);
    // The mean in the profile is the plain average of fact_clustering, computed here separately.
    Row loyal =
        table("fact_clustering")
            .where("segment_name = 'Power Loyalists'")
            .agg(avg("frequency"))
            .first();
    Row profiled =
        profile.where("segment_name = 'Power Loyalists' and feature = 'frequency'").first();
    assertThat(profiled.<Double>getAs("mean_value"))
        .isCloseTo(loyal.getDouble(0), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(profiled.<Double>getAs("median_value")).isBetween(18.0, 36.0);
  }

  @Test
  void scoreRejectsAFolderThatIsNotAModel() {
    Cli r =
        Cli.run(
            "score",
            "--model",
            warehouse.resolve("fact_sales").toString(),
            "--input",
            data.resolve("invoices").toString(),
            "--output",
            tmp.resolve("s3").toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.lastErrLine())
        .startsWith("error: No usable segmentation model at '" + warehouse.resolve("fact_sales"));
  }
}
