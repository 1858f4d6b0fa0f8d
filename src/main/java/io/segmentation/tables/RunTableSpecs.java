package io.segmentation.tables;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.warehouse.TableSpec;

/**
 * The run tables' definitions (model_selection, data_quality, rejected_rows, run_log) and score's
 * table.
 */
public final class RunTableSpecs {
  private RunTableSpecs() {}

  // run_log's identity and drift columns.
  public static final String SEGMENTS_CONTINUING = "segments_continuing";
  public static final String SEGMENTS_NEW = "segments_new";
  public static final String SEGMENTS_RETIRED = "segments_retired";
  public static final String MAX_CENTROID_SHIFT = "max_centroid_shift";
  public static final String MAX_SHARE_CHANGE = "max_share_change";
  public static final String SILHOUETTE_CHANGE = "silhouette_change";
  public static final String CHANGED_SEGMENT_SHARE = "changed_segment_share";
  public static final String MAX_PSI = "max_psi";

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
    // Readers look rows up by run and reason; statistics on the raw text would cost the most.
    REJECTED_ROWS = b.statsOn(Tables.RUN_ID, "reason").build();
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
          // Identity and drift against the previous successful run (null on a first run).
          .column(
              Tables.PREVIOUS_RUN_ID,
              "Previous successful run the segments were matched to; null on a first run")
          .column(SEGMENTS_CONTINUING, "Segments matched to a previous segment (key and name kept)")
          .column(SEGMENTS_NEW, "Segments with a new key")
          .column(SEGMENTS_RETIRED, "Previous segments with no match in this run")
          .column(
              MAX_CENTROID_SHIFT,
              "Largest centroid shift of a continuing segment, in standard deviations of the previous population")
          .column(
              MAX_SHARE_CHANGE,
              "Largest absolute change of a continuing segment's share of customers, 0-1")
          .column(SILHOUETTE_CHANGE, "Silhouette minus the previous run's")
          .column(
              CHANGED_SEGMENT_SHARE,
              "Share of the customers in both runs whose segment changed, 0-1")
          .column(
              MAX_PSI,
              "Largest population stability index of a KMeans feature against the previous run")
          .column(Tables.DRIFT_ALERT, "True when a drift figure is above its drift.* threshold")
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
          .with(ClvTableSpecs::predictions)
          .build();

  public static final TableSpec FACT_SEGMENT_HISTORY =
      TableSpec.builder(
              "fact_segment_history",
              "One row per run and customer whose segment changed, who appeared or who is no longer segmented (cluster_key -1): a customer's segment as of a run is their latest row up to it.")
          .column(Tables.RUN_ID, "Run id")
          .column(
              Tables.RUN_DATE_KEY,
              "As-of date of the run (its input's last sale), key into dim_date")
          .column(Tables.CUSTOMER_KEY, "Key into dim_customer")
          .column(
              Tables.CLUSTER_KEY,
              "Segment the run gave the customer, key into dim_cluster (retired segments stay there); -1 = no longer segmented")
          .column(Tables.SEGMENT_NAME, "Segment name in that run")
          .column(
              ModelColumns.DISTANCE,
              "Euclidean distance to the segment centroid in that run's scaled feature space; null when no longer segmented")
          .build();

  public static final TableSpec SEGMENT_MIGRATION =
      TableSpec.builder(
              "segment_migration",
              "One row per run and (previous segment, current segment) pair: how many customers moved and their net spend.")
          .column(Tables.RUN_ID, "Run id")
          .column(
              Tables.PREVIOUS_RUN_ID, "Previous successful run compared with; null on a first run")
          .column(
              Tables.PREVIOUS_CLUSTER_KEY,
              "Segment in the previous run, key into dim_cluster; -1 = (new customer)")
          .column(
              Tables.PREVIOUS_SEGMENT_NAME, "Segment name in the previous run, or (new customer)")
          .column(
              Tables.CLUSTER_KEY,
              "Segment in this run, key into dim_cluster; -1 = (not segmented now)")
          .column(Tables.SEGMENT_NAME, "Segment name in this run, or (not segmented now)")
          .column(Tables.CUSTOMERS, "Customers who made this move")
          .column(
              Tables.NET_SPEND,
              "Their net spend in this run's input (0 for customers not segmented now)")
          .build();
}
