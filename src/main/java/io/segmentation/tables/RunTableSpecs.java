package io.segmentation.tables;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.warehouse.TableSpec;

/**
 * The run tables' definitions (model_selection, data_quality, rejected_rows, run_log) and score's
 * table.
 */
final class RunTableSpecs {
  private RunTableSpecs() {}

  public static final TableSpec MODEL_SELECTION =
      TableSpec.builder(
              "model_selection", "One row per run and k tried: the scores behind the choice of k.")
          .column(Tables.RUN_ID, "Run id")
          .column("k", "Number of segments tried")
          .column("silhouette", "Silhouette (squared Euclidean), higher is better")
          .column("wssse", "Within-cluster sum of squared errors")
          .column(Tables.SMALLEST_SEGMENT_SHARE, "Share of customers in the smallest segment, 0-1")
          .column("chosen", "True for the k the run kept")
          .build();

  public static final TableSpec DATA_QUALITY =
      TableSpec.builder(
              "data_quality", "One row per run and cleaning rule: how many input rows it affected.")
          .column(Tables.RUN_ID, "Run id")
          .column("rule", "Cleaning rule (rejected_rows.reason), or rows_read / rows_clean")
          .column("description", "What the rule checks")
          .column(Tables.ROWS_AFFECTED, "Input rows affected")
          .column("action", "quarantined (to rejected_rows), kept, or total")
          .build();

  public static final TableSpec REJECTED_ROWS;

  static {
    TableSpec.Builder b =
        TableSpec.builder(
                "rejected_rows",
                "Quarantined input rows with the rule that rejected them and their raw values.")
            .column(Tables.RUN_ID, "Run id")
            .column("reason", "Cleaning rule that rejected the row")
            .column(InvoiceColumns.SOURCE_FILE, "File the row was read from");
    for (String c : InvoiceColumns.RAW) {
      b.column(c, "Raw source value of " + c + " (null when the input has no such column)");
    }
    b.column(
        InvoiceColumns.RAW_RECORD,
        "The whole input line (first 500 characters) when it was malformed");
    REJECTED_ROWS = b.build();
  }

  public static final TableSpec RUN_LOG =
      TableSpec.builder("run_log", "One row per run: status, timings, counts and the chosen model.")
          .column(Tables.RUN_ID, "Run id")
          .column("status", "succeeded or failed")
          .column(Tables.STARTED_AT, "Run start")
          .column(Tables.FINISHED_AT, "Run end")
          .column(Tables.DURATION_SECONDS, "Wall time of the run")
          .column(Tables.ROWS_READ, "Input rows read")
          .column(Tables.ROWS_CLEAN, "Rows kept as clean sales")
          .column(Tables.ROWS_REJECTED, "Rows quarantined to rejected_rows")
          .column(Tables.CUSTOMER_IDS_READ, "Distinct customer ids in the input")
          .column("customers", "Customers segmented")
          .column("k", "Number of segments chosen")
          .column("silhouette", "Silhouette of the chosen model")
          .column(
              Tables.MODEL_SEARCH_SECONDS, "Wall time of the k search (all fits and silhouettes)")
          .column(Tables.MODEL_PATH, "Where the fitted pipeline is saved")
          .column(Tables.INPUT_PATH, "Input read")
          .column("config", "Effective configuration (HOCON)")
          .column(Tables.JOB_VERSION, "customer-segmentation version")
          .column(Tables.SPARK_VERSION, "Spark version")
          .build();

  /**
   * Written by {@code score} (not by {@code run}): new customers assigned to a saved model's
   * segments.
   */
  public static final TableSpec SCORED_CUSTOMERS =
      TableSpec.builder(
              "scored_customers",
              "Customers of the scored input assigned to the segments of a saved model, without refitting; replaced by every score.")
          .column(FeatureColumns.CUSTOMER_ID, "Source customer id (or its pseudonym)")
          .column(
              Tables.CLUSTER_KEY,
              "Segment key of the saved model (dim_cluster of the run that saved it)")
          .column(Tables.SEGMENT_NAME, "Segment name of the saved model")
          .column(
              ModelColumns.DISTANCE,
              "Euclidean distance to the segment centroid in scaled feature space")
          .column(Tables.RUN_ID, "Score run that assigned the segment")
          .build();
}
