package io.segmentation.warehouse;

import io.segmentation.features.FeatureColumns;
import io.segmentation.ingest.InvoiceColumns;
import io.segmentation.model.ModelColumns;
import java.util.List;

/** The output tables of DESIGN.md ("Output tables"): names, comments and columns. */
public final class Tables {
  private Tables() {}

  // Column names shared by several tables.
  public static final String RUN_ID = "run_id";
  public static final String DATE_KEY = "date_key";
  public static final String COUNTRY_KEY = "country_key";
  public static final String CUSTOMER_KEY = "customer_key";
  public static final String CLUSTER_KEY = "cluster_key";
  public static final String SEGMENT_NAME = "segment_name";
  public static final String CUSTOMER_COUNT = "customer_count";
  public static final String COUNTRY_NAME = "country_name";
  // Customer attributes (customer-level input or input.attributes): always present in dim_customer.
  public static final String GENDER = io.segmentation.ingest.CustomerAttribute.GENDER.column();
  public static final String AGE = io.segmentation.ingest.CustomerAttribute.AGE.column();
  public static final String AGE_BAND = io.segmentation.features.CustomerAttributes.AGE_BAND;
  public static final String CITY = io.segmentation.ingest.CustomerAttribute.CITY.column();
  public static final String MEMBERSHIP = io.segmentation.ingest.CustomerAttribute.MEMBERSHIP.column();
  public static final String CUSTOMER_SEGMENT = io.segmentation.ingest.CustomerAttribute.SEGMENT.column();

  // Issue 16: segment history, migration and drift columns.
  public static final String FIRST_RUN_ID = "first_run_id";
  public static final String PREVIOUS_RUN_ID = "previous_run_id";
  public static final String PREVIOUS_CLUSTER_KEY = "previous_cluster_key";
  public static final String PREVIOUS_SEGMENT_NAME = "previous_segment_name";
  public static final String STATUS = "status";
  public static final String RUN_DATE_KEY = "run_date_key";
  public static final String CUSTOMERS = "customers";
  public static final String NET_SPEND = "net_spend";
  public static final String DRIFT_ALERT = "drift_alert";

  /** Key of the "unknown" member of every dimension. */
  public static final int UNKNOWN_KEY = -1;

  public static final TableSpec DIM_DATE =
      TableSpec.builder("dim_date", "Calendar (Power BI: Date), one row per day from the first to the last sale; mark as date table on 'date'.")
          .column(DATE_KEY, "Surrogate key yyyyMMdd; -1 = unknown date")
          .column("date", "Calendar date")
          .column("year", "Calendar year")
          .column("quarter", "Quarter of the year, 1-4")
          .column("month", "Month number, 1-12")
          .column("month_name", "Month name, e.g. January")
          .column("year_month", "Year and month, yyyy-MM")
          .column("iso_week", "ISO-8601 week of the year")
          .column("day_of_week", "ISO day of week, 1 = Monday ... 7 = Sunday")
          .column("day_name", "Day name, e.g. Monday")
          .column("is_weekend", "True on Saturday and Sunday")
          .build();

  public static final TableSpec DIM_COUNTRY =
      TableSpec.builder("dim_country", "Countries (Power BI: Country) seen in the clean sales.")
          .column(COUNTRY_KEY, "Surrogate key; -1 = unknown country")
          .column(COUNTRY_NAME, "Country name as written in the input")
          .build();

  public static final TableSpec DIM_CUSTOMER =
      TableSpec.builder("dim_customer", "Customers (Power BI: Customer), one row per customer with clean sales.")
          .column(CUSTOMER_KEY, "Surrogate key (stable hash of customer_id); -1 = unknown customer")
          .column(FeatureColumns.CUSTOMER_ID, "Source customer id (or its pseudonym)")
          .column(COUNTRY_KEY, "Home country: the country of the customer's latest invoice")
          .column("first_purchase_date", "Date of the first purchase")
          .column("last_purchase_date", "Date of the latest purchase")
          .column(GENDER, "Gender from the customer attributes; null when unknown")
          .column(AGE, "Age in years from the customer attributes; null when unknown")
          .column(AGE_BAND, "Age band (18-24, 25-34, 35-44, 45-54, 55-64, 65+); null when the age is unknown")
          .column(CITY, "City from the customer attributes; null when unknown")
          .column(MEMBERSHIP, "Membership or loyalty tier from the customer attributes; null when unknown")
          .column(CUSTOMER_SEGMENT, "The source's own customer segment (e.g. Consumer, Corporate), from the latest invoice line or the attributes; null when the input has none")
          .build();

  public static final TableSpec DIM_CLUSTER =
      TableSpec.builder("dim_cluster", "Customer segments of the current model (Power BI: Clusters), with profile and KPIs.")
          .column(CLUSTER_KEY, "Segment key, 1 = highest average spend; -1 = unassigned")
          .column(SEGMENT_NAME, "Short segment name, derived from the profile")
          .column("description", "One-sentence description of the segment")
          .column("recommended_actions", "What marketing should do with this segment")
          .column(CUSTOMER_COUNT, "Customers in the segment")
          .column("customer_share", "Share of all segmented customers, 0-1")
          .column("avg_recency_days", "Average days since last purchase")
          .column("avg_frequency", "Average number of purchase invoices")
          .column("avg_monetary", "Average net spend per customer")
          .column("total_sales", "Net sales of the segment's customers")
          .column("avg_basket_spend", "Average spend per purchase invoice")
          .column("avg_basket_items", "Average items per purchase invoice")
          .column("avg_distinct_products", "Average number of distinct products bought")
          .column("avg_cancellation_rate", "Average share of invoices cancelled, 0-1")
          .column("avg_profit", "Average profit per customer; null unless the input has profit")
          // Issue 16: identity across runs (filled by io.segmentation.history.HistoryTables).
          .column(FIRST_RUN_ID, "Run that first produced this segment (its key has meant the same segment since)")
          .column(PREVIOUS_CLUSTER_KEY, "Previous run's segment this one continues (same key) or, for a new segment, the one most of its customers came from; null on a first run")
          .column(STATUS, "continuing (matched to the previous run's segment), new, or retired (no longer in the model; kept so history resolves); unknown for the -1 member")
          .column(RUN_ID, "Run that produced this model (for retired segments: the last run that had it)")
          .build();

  public static final TableSpec SEGMENT_PROFILE =
      TableSpec.builder("segment_profile", "Every feature per segment of the current model: mean, median and z-score against all customers (for heatmaps).")
          .column(CLUSTER_KEY, "Key into dim_cluster")
          .column(SEGMENT_NAME, "Segment name (denormalised from dim_cluster)")
          .column("feature", "Feature name, as in fact_clustering")
          .column("mean_value", "Mean of the feature in the segment, business units")
          .column("median_value", "Median (approximate) of the feature in the segment")
          .column("population_mean", "Mean of the feature over all segmented customers")
          .column("population_std", "Standard deviation of the feature over all segmented customers")
          .column("z_score", "(segment mean - population mean) / population std")
          .column(RUN_ID, "Run that produced the model")
          .build();

  public static final TableSpec FACT_SALES =
      TableSpec.builder("fact_sales", "Clean invoice lines (Power BI: Sales); returns included with is_return = true and negative amounts.")
          .column(InvoiceColumns.INVOICE_NO, "Invoice number; a C prefix marks a cancellation")
          .column(InvoiceColumns.STOCK_CODE, "Product code")
          .column(InvoiceColumns.DESCRIPTION, "Product description")
          .column(InvoiceColumns.QUANTITY, "Units; negative for returns")
          .column(InvoiceColumns.UNIT_PRICE, "Unit price")
          .column(InvoiceColumns.LINE_AMOUNT, "Line amount (quantity x unit_price unless the input gives it); negative for returns")
          .column(InvoiceColumns.PROFIT, "Line profit when the input has it, else null")
          .column(InvoiceColumns.REGION, "Sales region when the input has it, else null")
          .column(InvoiceColumns.CATEGORY, "Product category when the input has it, else null")
          .column(InvoiceColumns.SUB_CATEGORY, "Product sub-category when the input has it, else null")
          .column(InvoiceColumns.IS_RETURN, "True for cancellations and returns")
          .column(InvoiceColumns.INVOICE_TS, "Invoice date and time")
          .column(DATE_KEY, "Invoice date, key into dim_date")
          .column(CUSTOMER_KEY, "Key into dim_customer")
          .column(COUNTRY_KEY, "Key into dim_country")
          .column(CLUSTER_KEY, "Customer's segment, key into dim_cluster; -1 when unsegmented")
          .build();

  public static final TableSpec FACT_CLUSTERING;

  static {
    TableSpec.Builder b =
        TableSpec.builder("fact_clustering", "One row per segmented customer (Power BI: Fact_Clustering): segment, features in business units, distance to centroid.")
            .column(CUSTOMER_KEY, "Key into dim_customer")
            .column(FeatureColumns.CUSTOMER_ID, "Source customer id (or its pseudonym)")
            .column(CLUSTER_KEY, "Key into dim_cluster")
            .column(SEGMENT_NAME, "Segment name (denormalised from dim_cluster)")
            .column(COUNTRY_KEY, "Customer's home country, key into dim_country")
            .column(FeatureColumns.RECENCY_DAYS, "Days from the last purchase to the reference date")
            .column(FeatureColumns.FREQUENCY, "Distinct purchase invoices")
            .column(FeatureColumns.MONETARY_NET, "Net spend: purchases minus returns")
            .column(FeatureColumns.MONETARY_GROSS, "Gross spend: purchases only")
            .column(FeatureColumns.TOTAL_ITEMS, "Units bought")
            .column(FeatureColumns.AVG_BASKET_ITEMS, "Units per purchase invoice")
            .column(FeatureColumns.AVG_BASKET_SPEND, "Gross spend per purchase invoice")
            .column(FeatureColumns.DISTINCT_PRODUCTS, "Distinct products bought")
            .column(FeatureColumns.TENURE_DAYS, "Days from first to last purchase")
            .column(FeatureColumns.AVG_DAYS_BETWEEN, "Tenure / (frequency - 1); null for one purchase")
            .column(FeatureColumns.CANCELLATION_COUNT, "Distinct cancelled or returned invoices")
            .column(FeatureColumns.CANCELLATION_RATE, "Cancelled invoices / all invoices")
            .column(FeatureColumns.RETURNED_VALUE_SHARE, "Returned value / gross spend")
            .column(FeatureColumns.MONTHLY_SPEND_MEAN, "Mean net spend per active month")
            .column(FeatureColumns.MONTHLY_SPEND_STD, "Standard deviation of net spend per active month")
            .column(FeatureColumns.SPEND_TREND, "Slope of monthly net spend over the active months (change per month); null with one active month")
            .column(FeatureColumns.FAVOURITE_DAY, "Most frequent purchase day, ISO 1 = Monday ... 7 = Sunday")
            .column(FeatureColumns.FAVOURITE_HOUR, "Most frequent purchase hour, 0-23")
            .column(FeatureColumns.FOREIGN_SPEND_SHARE, "Share of gross spend outside features.home-country")
            .column(FeatureColumns.COUNTRIES, "Distinct countries the customer bought from")
            .column(FeatureColumns.R_SCORE, "RFM recency quintile score, 5 = most recent")
            .column(FeatureColumns.F_SCORE, "RFM frequency quintile score, 5 = most frequent")
            .column(FeatureColumns.M_SCORE, "RFM monetary quintile score, 5 = highest spend")
            .column(FeatureColumns.RFM_SEGMENT, "Standard named RFM segment (Champions, Loyal Customers, ... Lost)")
            .column(FeatureColumns.MAIN_CATEGORY, "Category with the customer's highest gross spend; null unless the input has categories")
            .column(FeatureColumns.MAIN_CATEGORY_SHARE, "Share of the customer's gross spend in main_category, 0-1")
            .column(FeatureColumns.MAIN_REGION, "Region with the customer's highest gross spend; null unless the input has regions")
            .column(FeatureColumns.TOTAL_PROFIT, "Total profit; null unless the input has profit")
            .column(FeatureColumns.PROFIT_MARGIN, "total_profit / monetary_net; null unless the input has profit")
            .column(ModelColumns.DISTANCE, "Euclidean distance to the segment centroid in scaled feature space")
            .column(RUN_ID, "Run that assigned the segment");
    FACT_CLUSTERING = b.build();
  }

  public static final TableSpec MODEL_SELECTION =
      TableSpec.builder("model_selection", "One row per run and k tried: the scores behind the choice of k.")
          .column(RUN_ID, "Run id")
          .column("k", "Number of segments tried")
          .column("silhouette", "Silhouette (squared Euclidean), higher is better")
          .column("wssse", "Within-cluster sum of squared errors")
          .column("smallest_segment_share", "Share of customers in the smallest segment, 0-1")
          .column("chosen", "True for the k the run kept")
          .build();

  public static final TableSpec DATA_QUALITY =
      TableSpec.builder("data_quality", "One row per run and cleaning rule: how many input rows it affected.")
          .column(RUN_ID, "Run id")
          .column("rule", "Cleaning rule (rejected_rows.reason), or rows_read / rows_clean")
          .column("description", "What the rule checks")
          .column("rows_affected", "Input rows affected")
          .column("action", "quarantined (to rejected_rows), kept, or total")
          .build();

  public static final TableSpec REJECTED_ROWS;

  static {
    TableSpec.Builder b =
        TableSpec.builder("rejected_rows", "Quarantined input rows with the rule that rejected them and their raw values.")
            .column(RUN_ID, "Run id")
            .column("reason", "Cleaning rule that rejected the row")
            .column(InvoiceColumns.SOURCE_FILE, "File the row was read from");
    for (String c : InvoiceColumns.RAW) {
      b.column(c, "Raw source value of " + c + " (null when the input has no such column)");
    }
    b.column(InvoiceColumns.RAW_RECORD, "The whole input line (first 500 characters) when it was malformed");
    REJECTED_ROWS = b.build();
  }

  public static final TableSpec FACT_SEGMENT_HISTORY =
      TableSpec.builder("fact_segment_history", "One row per run and segmented customer: the segment each run gave each customer (appended by every run; replaces time travel for movement analysis).")
          .column(RUN_ID, "Run id")
          .column(RUN_DATE_KEY, "As-of date of the run (its input's last sale), key into dim_date")
          .column(CUSTOMER_KEY, "Key into dim_customer")
          .column(CLUSTER_KEY, "Segment the run gave the customer, key into dim_cluster (retired segments stay there)")
          .column(SEGMENT_NAME, "Segment name in that run")
          .column(ModelColumns.DISTANCE, "Euclidean distance to the segment centroid in that run's scaled feature space")
          .build();

  public static final TableSpec SEGMENT_MIGRATION =
      TableSpec.builder("segment_migration", "One row per run and (previous segment, current segment) pair: how many customers moved and their net spend.")
          .column(RUN_ID, "Run id")
          .column(PREVIOUS_RUN_ID, "Previous successful run compared with; null on a first run")
          .column(PREVIOUS_CLUSTER_KEY, "Segment in the previous run, key into dim_cluster; -1 = (new customer)")
          .column(PREVIOUS_SEGMENT_NAME, "Segment name in the previous run, or (new customer)")
          .column(CLUSTER_KEY, "Segment in this run, key into dim_cluster; -1 = (not segmented now)")
          .column(SEGMENT_NAME, "Segment name in this run, or (not segmented now)")
          .column(CUSTOMERS, "Customers who made this move")
          .column(NET_SPEND, "Their net spend in this run's input (0 for customers not segmented now)")
          .build();

  public static final TableSpec RUN_LOG =
      TableSpec.builder("run_log", "One row per run: status, timings, counts and the chosen model.")
          .column(RUN_ID, "Run id")
          .column("status", "succeeded or failed")
          .column("started_at", "Run start")
          .column("finished_at", "Run end")
          .column("duration_seconds", "Wall time of the run")
          .column("rows_read", "Input rows read")
          .column("rows_clean", "Rows kept as clean sales")
          .column("rows_rejected", "Rows quarantined to rejected_rows")
          .column("customer_ids_read", "Distinct customer ids in the input")
          .column("customers", "Customers segmented")
          .column("k", "Number of segments chosen")
          .column("silhouette", "Silhouette of the chosen model")
          .column("model_search_seconds", "Wall time of the k search (all fits and silhouettes)")
          .column("model_path", "Where the fitted pipeline is saved")
          .column("input_path", "Input read")
          .column("config", "Effective configuration (HOCON)")
          .column("job_version", "customer-segmentation version")
          .column("spark_version", "Spark version")
          // Issue 16: identity and drift against the previous successful run (null on a first run).
          .column(PREVIOUS_RUN_ID, "Previous successful run the segments were matched to; null on a first run")
          .column("segments_continuing", "Segments matched to a previous segment (key and name kept)")
          .column("segments_new", "Segments with a new key")
          .column("segments_retired", "Previous segments with no match in this run")
          .column("max_centroid_shift", "Largest centroid shift of a continuing segment, in standard deviations of the previous population")
          .column("max_share_change", "Largest absolute change of a continuing segment's share of customers, 0-1")
          .column("silhouette_change", "Silhouette minus the previous run's")
          .column("changed_segment_share", "Share of the customers in both runs whose segment changed, 0-1")
          .column("max_psi", "Largest population stability index of a KMeans feature against the previous run")
          .column(DRIFT_ALERT, "True when a drift figure is above its drift.* threshold")
          .build();

  /** Written by {@code score} (not by {@code run}): new customers assigned to a saved model's segments. */
  public static final TableSpec SCORED_CUSTOMERS =
      TableSpec.builder("scored_customers", "Customers of the scored input assigned to the segments of a saved model, without refitting; replaced by every score.")
          .column(FeatureColumns.CUSTOMER_ID, "Source customer id (or its pseudonym)")
          .column(CLUSTER_KEY, "Segment key of the saved model (dim_cluster of the run that saved it)")
          .column(SEGMENT_NAME, "Segment name of the saved model")
          .column(ModelColumns.DISTANCE, "Euclidean distance to the segment centroid in scaled feature space")
          .column(RUN_ID, "Score run that assigned the segment")
          .build();

  /** Every table, dimensions first (the order they are written in). */
  public static final List<TableSpec> ALL =
      List.of(DIM_DATE, DIM_COUNTRY, DIM_CUSTOMER, DIM_CLUSTER, SEGMENT_PROFILE, FACT_SALES, FACT_CLUSTERING, MODEL_SELECTION, DATA_QUALITY, REJECTED_ROWS,
          FACT_SEGMENT_HISTORY, SEGMENT_MIGRATION, RUN_LOG);
}
