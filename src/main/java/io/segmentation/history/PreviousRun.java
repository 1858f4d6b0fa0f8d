package io.segmentation.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import io.segmentation.model.PopulationProfile;
import io.segmentation.model.SavedModel;
import io.segmentation.tables.Tables;
import io.segmentation.warehouse.TableFiles;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The previous successful run of a warehouse, read before this run overwrites anything: the latest
 * {@code run_log} row with status succeeded (other than this run id, so a retried run compares with
 * the same run as its first attempt), its saved model and population, its customers' segments
 * ({@code fact_clustering} pinned to its current version, or, when a retry of this run id has
 * already overwritten it, {@code fact_segment_history} as of that run), and the current {@code
 * dim_cluster} rows (a handful).
 *
 * @param assignments {@code customer_key}, {@code cluster_key} and {@code segment_name} of every
 *     customer the previous run segmented (distributed, never collected)
 * @param dimCluster the dim_cluster rows as the previous runs left them (small), with their schema
 * @param largestKeyEver the largest cluster key any earlier run used
 */
public record PreviousRun(
    String runId,
    double silhouette,
    SavedModel model,
    Optional<PopulationProfile> population,
    Dataset<Row> assignments,
    List<Row> dimCluster,
    StructType dimClusterSchema,
    int largestKeyEver) {
  private static final Logger LOG = LoggerFactory.getLogger(PreviousRun.class);

  /** The history stage's line. */
  public static String describe(Optional<PreviousRun> previous) {
    return previous
        .map(
            x ->
                "previous successful run "
                    + x.runId()
                    + ", "
                    + x.model().segments().size()
                    + " segments")
        .orElse("no previous successful run: first run of this warehouse");
  }

  /** The previous successful run of the warehouse at {@code root}, if there is one. */
  public static Optional<PreviousRun> find(SparkSession spark, String root, String currentRunId) {
    String base = root.replaceAll("/+$", "");
    Optional<Dataset<Row>> runLog = table(spark, base, Tables.RUN_LOG.name());
    if (runLog.isEmpty()) {
      return Optional.empty();
    }
    List<Row> last =
        runLog
            .get()
            .where(
                col("status").equalTo("succeeded").and(col(Tables.RUN_ID).notEqual(currentRunId)))
            .orderBy(desc(Tables.FINISHED_AT))
            .select(col(Tables.RUN_ID), col("silhouette"), col(Tables.MODEL_PATH))
            .limit(1)
            .collectAsList();
    if (last.isEmpty()) {
      return Optional.empty();
    }
    String runId = last.get(0).getString(0);
    String modelPath = last.get(0).getString(2);
    SavedModel model;
    try {
      model = SavedModel.load(spark, modelPath);
    } catch (RuntimeException e) {
      LOG.warn(
          "previous run {}: its model at {} cannot be read ({}); segments are numbered as on a"
              + " first run",
          runId,
          modelPath,
          e.getMessage());
      return Optional.empty();
    }
    Dataset<Row> assignments = assignments(spark, base, runId, runLog.get());
    if (assignments == null) {
      LOG.warn(
          "previous run {}: neither fact_segment_history nor fact_clustering holds its customers;"
              + " matching on centroids only",
          runId);
    }
    Dataset<Row> dim = table(spark, base, Tables.DIM_CLUSTER.name()).orElse(null);
    List<Row> dimRows =
        dim == null
            ? List.of()
            : dim.where(col(Tables.CLUSTER_KEY).notEqual(Tables.UNKNOWN_KEY)).collectAsList();
    int largest = model.segments().stream().mapToInt(SavedModel.Entry::clusterKey).max().orElse(0);
    if (dim != null) {
      List<String> columns = Arrays.asList(dim.columns());
      // Keys a failed or earlier attempt of this very run id created are not "used before".
      for (Row r : dimRows) {
        int firstRun = columns.indexOf(Tables.FIRST_RUN_ID);
        if (firstRun < 0 || r.isNullAt(firstRun) || !r.getString(firstRun).equals(currentRunId)) {
          largest = Math.max(largest, r.getInt(r.fieldIndex(Tables.CLUSTER_KEY)));
        }
      }
    }
    Optional<Dataset<Row>> history = table(spark, base, Tables.FACT_SEGMENT_HISTORY.name());
    if (history.isPresent()) {
      Row m =
          history
              .get()
              .where(col(Tables.RUN_ID).notEqual(currentRunId))
              .agg(max(col(Tables.CLUSTER_KEY)))
              .first();
      if (!m.isNullAt(0)) {
        largest = Math.max(largest, m.getInt(0));
      }
    }
    LOG.info(
        "previous successful run {} ({} segments); largest segment key so far {}",
        runId,
        model.segments().size(),
        largest);
    return Optional.of(
        new PreviousRun(
            runId,
            last.get(0).isNullAt(1) ? Double.NaN : last.get(0).getDouble(1),
            model,
            PopulationProfile.load(spark, modelPath),
            assignments,
            dimRows,
            dim == null ? null : dim.schema(),
            largest));
  }

  /**
   * The previous run's customers: fact_clustering as it is now (the last successful run overwrote
   * it, a failed one restored it), pinned to its current version because this run overwrites it;
   * else (a retry of a run id that succeeded already) fact_segment_history as of that run.
   */
  private static Dataset<Row> assignments(
      SparkSession spark, String base, String runId, Dataset<Row> runLog) {
    String path = base + "/" + Tables.FACT_CLUSTERING.name();
    long version = latestVersion(spark, path);
    if (version >= 0) {
      Dataset<Row> facts =
          spark
              .read()
              .format("delta")
              .option("versionAsOf", version)
              .load(path)
              .where(col(Tables.RUN_ID).equalTo(runId));
      if (!facts.isEmpty()) {
        return facts.select(
            col(Tables.CUSTOMER_KEY), col(Tables.CLUSTER_KEY), col(Tables.SEGMENT_NAME));
      }
    }
    Optional<Dataset<Row>> history = table(spark, base, Tables.FACT_SEGMENT_HISTORY.name());
    if (history.isEmpty() || history.get().where(col(Tables.RUN_ID).equalTo(runId)).isEmpty()) {
      return null;
    }
    return asOf(history.get(), runLog, runId);
  }

  /**
   * Each customer's latest history row among the successful runs that finished no later than {@code
   * runId}, without the customers that run no longer segmented.
   */
  static Dataset<Row> asOf(Dataset<Row> history, Dataset<Row> runLog, String runId) {
    Dataset<Row> runs =
        runLog
            .where(col("status").equalTo("succeeded"))
            .groupBy(col(Tables.RUN_ID))
            .agg(max(col(Tables.FINISHED_AT)).as(Tables.FINISHED_AT));
    Timestamp until =
        runs.where(col(Tables.RUN_ID).equalTo(runId))
            .select(col(Tables.FINISHED_AT))
            .first()
            .getTimestamp(0);
    String latest = "_latest";
    return history
        .join(runs.where(col(Tables.FINISHED_AT).leq(lit(until))), Tables.RUN_ID)
        .withColumn(
            latest,
            row_number()
                .over(
                    Window.partitionBy(col(Tables.CUSTOMER_KEY))
                        .orderBy(col(Tables.FINISHED_AT).desc())))
        .where(col(latest).equalTo(1).and(col(Tables.CLUSTER_KEY).notEqual(Tables.UNKNOWN_KEY)))
        .select(col(Tables.CUSTOMER_KEY), col(Tables.CLUSTER_KEY), col(Tables.SEGMENT_NAME));
  }

  private static Optional<Dataset<Row>> table(SparkSession spark, String base, String name) {
    String path = base + "/" + name;
    if (latestVersion(spark, path) < 0) {
      return Optional.empty();
    }
    return Optional.of(spark.read().format("delta").load(path));
  }

  private static long latestVersion(SparkSession spark, String path) {
    return new TableFiles(spark.sparkContext().hadoopConfiguration()).latestVersion(path);
  }

  /** A literal for the previous run id (null on a first run). */
  static Column runIdOf(Optional<PreviousRun> previous) {
    return previous.map(p -> lit(p.runId())).orElse(lit(null).cast("string"));
  }
}
