package io.segmentation.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.segmentation.model.KCandidate;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import io.segmentation.warehouse.JobVersion;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builds the rows of the append tables (model_selection, data_quality, rejected_rows, run_log). */
public final class RunTables {
  private final SparkSession spark;
  private final String runId;

  public RunTables(SparkSession spark, String runId) {
    this.spark = spark;
    this.runId = runId;
  }

  /** The values of one run_log row. */
  public record RunLogEntry(
      String status,
      Timestamp startedAt,
      Timestamp finishedAt,
      long rowsRead,
      long rowsClean,
      long rowsRejected,
      long customerIdsRead,
      long customers,
      int k,
      double silhouette,
      double modelSearchSeconds,
      String modelPath,
      String inputPath,
      String config) {}

  /** The data_quality action of guest sales. */
  public static final String KEPT_NOT_SEGMENTED = "kept, not segmented";

  public Dataset<Row> modelSelection(List<KCandidate> candidates, KCandidate chosen) {
    List<Row> rows = new ArrayList<>();
    for (KCandidate c : candidates) {
      rows.add(
          RowFactory.create(
              runId, c.k(), c.silhouette(), c.wssse(), c.smallestShare(), c.k() == chosen.k()));
    }
    StructType schema =
        new StructType()
            .add(Tables.RUN_ID, DataTypes.StringType, false)
            .add("k", DataTypes.IntegerType, false)
            .add("silhouette", DataTypes.DoubleType)
            .add("wssse", DataTypes.DoubleType)
            .add(Tables.SMALLEST_SEGMENT_SHARE, DataTypes.DoubleType)
            .add("chosen", DataTypes.BooleanType, false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * One row per rule. {@code missing_customer_id} counts the guest sales, kept in fact_sales but
   * not segmented (action {@value #KEPT_NOT_SEGMENTED}), unless the input quarantined rows for it
   * (customer-level input).
   */
  public Dataset<Row> dataQuality(
      long read, long clean, long guests, Map<String, Long> rejectedByRule) {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(runId, Tables.ROWS_READ, "Input rows read", read, "total"));
    rows.add(
        RowFactory.create(
            runId,
            Tables.ROWS_CLEAN,
            "Valid sales kept in fact_sales (returns and guest purchases included)",
            clean,
            "kept"));
    for (RejectReason r : RejectReason.values()) {
      long quarantined = rejectedByRule.getOrDefault(r.code(), 0L);
      boolean guestSales = r == RejectReason.MISSING_CUSTOMER_ID && quarantined == 0;
      rows.add(
          RowFactory.create(
              runId,
              r.code(),
              r.description(),
              guestSales ? guests : quarantined,
              guestSales ? KEPT_NOT_SEGMENTED : "quarantined"));
    }
    StructType schema =
        new StructType()
            .add(Tables.RUN_ID, DataTypes.StringType, false)
            .add("rule", DataTypes.StringType, false)
            .add("description", DataTypes.StringType)
            .add(Tables.ROWS_AFFECTED, DataTypes.LongType, false)
            .add("action", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  public Dataset<Row> rejectedRows(Dataset<Row> rejected) {
    return rejected
        .withColumnRenamed(InvoiceColumns.REJECT_REASON, "reason")
        .withColumn(Tables.RUN_ID, lit(runId));
  }

  public Dataset<Row> runLog(RunLogEntry e) {
    StructType schema =
        new StructType()
            .add(Tables.RUN_ID, DataTypes.StringType, false)
            .add("status", DataTypes.StringType)
            .add(Tables.STARTED_AT, DataTypes.TimestampType)
            .add(Tables.FINISHED_AT, DataTypes.TimestampType)
            .add(Tables.DURATION_SECONDS, DataTypes.DoubleType)
            .add(Tables.ROWS_READ, DataTypes.LongType)
            .add(Tables.ROWS_CLEAN, DataTypes.LongType)
            .add(Tables.ROWS_REJECTED, DataTypes.LongType)
            .add(Tables.CUSTOMER_IDS_READ, DataTypes.LongType)
            .add("customers", DataTypes.LongType)
            .add("k", DataTypes.IntegerType)
            .add("silhouette", DataTypes.DoubleType)
            .add(Tables.MODEL_SEARCH_SECONDS, DataTypes.DoubleType)
            .add(Tables.MODEL_PATH, DataTypes.StringType)
            .add(Tables.INPUT_PATH, DataTypes.StringType)
            .add("config", DataTypes.StringType)
            .add(Tables.JOB_VERSION, DataTypes.StringType)
            .add(Tables.SPARK_VERSION, DataTypes.StringType);
    double seconds = (e.finishedAt().getTime() - e.startedAt().getTime()) / 1000.0;
    Row row =
        RowFactory.create(
            runId,
            e.status(),
            e.startedAt(),
            e.finishedAt(),
            seconds,
            e.rowsRead(),
            e.rowsClean(),
            e.rowsRejected(),
            e.customerIdsRead(),
            e.customers(),
            e.k(),
            e.silhouette(),
            e.modelSearchSeconds(),
            e.modelPath(),
            e.inputPath(),
            e.config(),
            JobVersion.get(),
            spark.version());
    return spark.createDataFrame(List.of(row), schema).select(col("*"));
  }
}
