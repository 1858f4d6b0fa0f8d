package io.segmentation.tables;

import io.segmentation.features.CustomerAttributes;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.schema.ProfileColumns;
import io.segmentation.warehouse.TableSpec;
import java.util.List;

/** The output tables of DESIGN.md ("Output tables"): names, comments and columns. */
public final class Tables {
  private Tables() {}

  // Column names shared by several tables.
  public static final String RUN_ID = "run_id";
  public static final String DATE_KEY = "date_key";
  public static final String COUNTRY_KEY = "country_key";
  public static final String CUSTOMER_KEY = "customer_key";
  public static final String CLUSTER_KEY = ModelColumns.CLUSTER_KEY;
  public static final String SEGMENT_NAME = ModelColumns.SEGMENT_NAME;
  public static final String CUSTOMER_COUNT = "customer_count";
  public static final String COUNTRY_NAME = "country_name";
  // Customer attributes (customer-level input or input.attributes): always present in dim_customer.
  public static final String GENDER = CustomerAttribute.GENDER.column();
  public static final String AGE = CustomerAttribute.AGE.column();
  public static final String AGE_BAND = CustomerAttributes.AGE_BAND;
  public static final String CITY = CustomerAttribute.CITY.column();
  public static final String MEMBERSHIP = CustomerAttribute.MEMBERSHIP.column();
  public static final String CUSTOMER_SEGMENT = CustomerAttribute.SEGMENT.column();

  // Column names of one table each, used by the builders (StarSchema, RunTables).
  public static final String AVG_CANCELLATION_RATE = "avg_cancellation_rate";
  public static final String AVG_DISTINCT_PRODUCTS = "avg_distinct_products";
  public static final String AVG_FREQUENCY = "avg_frequency";
  public static final String AVG_MONETARY = "avg_monetary";
  public static final String AVG_PROFIT = "avg_profit";
  public static final String AVG_RECENCY_DAYS = "avg_recency_days";
  public static final String CUSTOMER_IDS_READ = "customer_ids_read";
  public static final String CUSTOMER_SHARE = "customer_share";
  public static final String DAY_NAME = "day_name";
  public static final String DAY_OF_WEEK = "day_of_week";
  public static final String DURATION_SECONDS = "duration_seconds";
  public static final String FINISHED_AT = "finished_at";
  public static final String FIRST_PURCHASE_DATE = "first_purchase_date";
  public static final String INPUT_PATH = "input_path";
  public static final String IS_WEEKEND = "is_weekend";
  public static final String ISO_WEEK = "iso_week";
  public static final String JOB_VERSION = "job_version";
  public static final String LAST_PURCHASE_DATE = "last_purchase_date";
  public static final String MODEL_PATH = "model_path";
  public static final String MODEL_SEARCH_SECONDS = "model_search_seconds";
  public static final String MONTH_NAME = "month_name";
  public static final String RECOMMENDED_ACTIONS = "recommended_actions";
  public static final String ROWS_AFFECTED = "rows_affected";
  public static final String ROWS_CLEAN = "rows_clean";
  public static final String ROWS_READ = "rows_read";
  public static final String ROWS_REJECTED = "rows_rejected";
  public static final String SMALLEST_SEGMENT_SHARE = "smallest_segment_share";
  public static final String SPARK_VERSION = "spark_version";
  public static final String STARTED_AT = "started_at";
  public static final String TOTAL_SALES = "total_sales";
  public static final String YEAR_MONTH = "year_month";

  // Segment history, migration and drift columns.
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
      TableSpec.builder(
              "dim_date",
              "Calendar (Power BI: Date), one row per day from the first to the last sale; mark as date table on 'date'.")
          .column(DATE_KEY, "Surrogate key yyyyMMdd; -1 = unknown date")
          .column("date", "Calendar date")
          .column("year", "Calendar year")
          .column("quarter", "Quarter of the year, 1-4")
          .column("month", "Month number, 1-12")
          .column(MONTH_NAME, "Month name, e.g. January")
          .column(YEAR_MONTH, "Year and month, yyyy-MM")
          .column(ISO_WEEK, "ISO-8601 week of the year")
          .column(DAY_OF_WEEK, "ISO day of week, 1 = Monday ... 7 = Sunday")
          .column(DAY_NAME, "Day name, e.g. Monday")
          .column(IS_WEEKEND, "True on Saturday and Sunday")
          .build();

  public static final TableSpec DIM_COUNTRY =
      TableSpec.builder("dim_country", "Countries (Power BI: Country) of the clean sales.")
          .column(COUNTRY_KEY, "Surrogate key, the same in every run; -1 = unknown country")
          .column(COUNTRY_NAME, "Country name as written in the input")
          .build();

  public static final TableSpec DIM_CUSTOMER =
      TableSpec.builder(
              "dim_customer",
              "Customers (Power BI: Customer), one row per customer with clean sales.")
          .column(CUSTOMER_KEY, "Surrogate key (stable hash of customer_id); -1 = unknown customer")
          .column(FeatureColumns.CUSTOMER_ID, "Source customer id (or its pseudonym)")
          .column(COUNTRY_KEY, "Home country: the country of the customer's latest invoice")
          .column(CLUSTER_KEY, "Current segment, key into dim_cluster; -1 = not segmented")
          .column(FIRST_PURCHASE_DATE, "Date of the first purchase")
          .column(LAST_PURCHASE_DATE, "Date of the latest purchase")
          .column(GENDER, "Gender from the customer attributes; null when unknown")
          .column(AGE, "Age in years from the customer attributes; null when unknown")
          .column(
              AGE_BAND,
              "Age band (18-24, 25-34, 35-44, 45-54, 55-64, 65+); null when the age is unknown")
          .column(CITY, "City from the customer attributes; null when unknown")
          .column(
              MEMBERSHIP,
              "Membership or loyalty tier from the customer attributes; null when unknown")
          .column(
              CUSTOMER_SEGMENT,
              "The source's own customer segment (e.g. Consumer, Corporate), from the latest invoice line or the attributes; null when the input has none")
          .build();

  public static final TableSpec DIM_CLUSTER =
      TableSpec.builder(
              "dim_cluster",
              "Customer segments of the current model (Power BI: Clusters), with profile and KPIs.")
          .column(CLUSTER_KEY, "Segment key, 1 = highest average spend; -1 = unassigned")
          .column(SEGMENT_NAME, "Short segment name, derived from the profile")
          .column("description", "One-sentence description of the segment")
          .column(RECOMMENDED_ACTIONS, "What marketing should do with this segment")
          .column(CUSTOMER_COUNT, "Customers in the segment")
          .column(CUSTOMER_SHARE, "Share of all segmented customers, 0-1")
          .column(AVG_RECENCY_DAYS, "Average days since last purchase")
          .column(AVG_FREQUENCY, "Average number of purchase invoices")
          .column(AVG_MONETARY, "Average net spend per customer")
          .column(TOTAL_SALES, "Net sales of the segment's customers")
          .column(FeatureColumns.AVG_BASKET_SPEND, "Average spend per purchase invoice")
          .column(FeatureColumns.AVG_BASKET_ITEMS, "Average items per purchase invoice")
          .column(AVG_DISTINCT_PRODUCTS, "Average number of distinct products bought")
          .column(AVG_CANCELLATION_RATE, "Average share of invoices cancelled, 0-1")
          .column(AVG_PROFIT, "Average profit per customer; null unless the input has profit")
          .column(
              FIRST_RUN_ID,
              "Run that first produced this segment (its key has meant the same segment since)")
          .column(
              PREVIOUS_CLUSTER_KEY,
              "Previous run's segment this one continues (same key) or, for a new segment, the one most of its customers came from; null on a first run")
          .column(
              STATUS,
              "continuing (matched to the previous run's segment), new, or retired (no longer in the model; kept so history resolves); unknown for the -1 member")
          .column(
              RUN_ID,
              "Run that produced this model (for retired segments: the last run that had it)")
          .with(ClvTableSpecs::segmentTotals)
          .build();

  public static final TableSpec SEGMENT_PROFILE =
      TableSpec.builder(
              "segment_profile",
              "Every feature per segment of the current model: mean, median and z-score against all customers (for heatmaps).")
          .column(CLUSTER_KEY, "Key into dim_cluster")
          .column(SEGMENT_NAME, "Segment name (denormalised from dim_cluster)")
          .column(ProfileColumns.FEATURE, "Feature name, as in fact_clustering")
          .column(ProfileColumns.MEAN_VALUE, "Mean of the feature in the segment, business units")
          .column(ProfileColumns.MEDIAN_VALUE, "Median (approximate) of the feature in the segment")
          .column(
              ProfileColumns.POPULATION_MEAN, "Mean of the feature over all segmented customers")
          .column(
              ProfileColumns.POPULATION_STD,
              "Standard deviation of the feature over all segmented customers")
          .column(ProfileColumns.Z_SCORE, "(segment mean - population mean) / population std")
          .column(RUN_ID, "Run that produced the model")
          .build();

  public static final TableSpec FACT_SALES =
      TableSpec.builder(
              "fact_sales",
              "Clean invoice lines (Power BI: Sales); returns included with is_return = true and negative amounts. No segment column: the current segment is dim_customer.cluster_key.")
          .column(InvoiceColumns.INVOICE_NO, "Invoice number; a C prefix marks a cancellation")
          .column(InvoiceColumns.STOCK_CODE, "Product code")
          .column(InvoiceColumns.DESCRIPTION, "Product description")
          .column(InvoiceColumns.QUANTITY, "Units; negative for returns")
          .column(InvoiceColumns.UNIT_PRICE, "Unit price")
          .column(
              InvoiceColumns.LINE_AMOUNT,
              "Line amount (quantity x unit_price unless the input gives it); negative for returns")
          .column(InvoiceColumns.PROFIT, "Line profit when the input has it, else null")
          .column(InvoiceColumns.REGION, "Sales region when the input has it, else null")
          .column(InvoiceColumns.CATEGORY, "Product category when the input has it, else null")
          .column(
              InvoiceColumns.SUB_CATEGORY, "Product sub-category when the input has it, else null")
          .column(InvoiceColumns.IS_RETURN, "True for cancellations and returns")
          .column(InvoiceColumns.INVOICE_TS, "Invoice date and time")
          .column(DATE_KEY, "Invoice date, key into dim_date")
          .column(CUSTOMER_KEY, "Key into dim_customer")
          .column(COUNTRY_KEY, "Key into dim_country")
          // The keys Power BI filters on: statistics on text columns cost writing time, skip
          // nothing.
          .statsOn(InvoiceColumns.INVOICE_TS, DATE_KEY, CUSTOMER_KEY, COUNTRY_KEY)
          .build();

  public static final TableSpec FACT_CLUSTERING;

  static {
    TableSpec.Builder b =
        TableSpec.builder(
                "fact_clustering",
                "One row per segmented customer (Power BI: Fact_Clustering): segment, features in business units, distance to centroid.")
            .column(CUSTOMER_KEY, "Key into dim_customer")
            .column(FeatureColumns.CUSTOMER_ID, "Source customer id (or its pseudonym)")
            .column(CLUSTER_KEY, "Key into dim_cluster")
            .column(SEGMENT_NAME, "Segment name (denormalised from dim_cluster)")
            .column(COUNTRY_KEY, "Customer's home country, key into dim_country")
            .column(
                FeatureColumns.RECENCY_DAYS, "Days from the last purchase to the reference date")
            .column(FeatureColumns.FREQUENCY, "Distinct purchase invoices")
            .column(FeatureColumns.MONETARY_NET, "Net spend: purchases minus returns")
            .column(FeatureColumns.MONETARY_GROSS, "Gross spend: purchases only")
            .column(FeatureColumns.TOTAL_ITEMS, "Units bought")
            .column(FeatureColumns.AVG_BASKET_ITEMS, "Units per purchase invoice")
            .column(FeatureColumns.AVG_BASKET_SPEND, "Gross spend per purchase invoice")
            .column(FeatureColumns.DISTINCT_PRODUCTS, "Distinct products bought")
            .column(FeatureColumns.TENURE_DAYS, "Days from first to last purchase")
            .column(
                FeatureColumns.AVG_DAYS_BETWEEN, "Tenure / (frequency - 1); null for one purchase")
            .column(FeatureColumns.CANCELLATION_COUNT, "Distinct cancelled or returned invoices")
            .column(FeatureColumns.CANCELLATION_RATE, "Cancelled invoices / all invoices")
            .column(FeatureColumns.RETURNED_VALUE_SHARE, "Returned value / gross spend")
            .column(FeatureColumns.MONTHLY_SPEND_MEAN, "Mean net spend per active month")
            .column(
                FeatureColumns.MONTHLY_SPEND_STD,
                "Standard deviation of net spend per active month")
            .column(
                FeatureColumns.SPEND_TREND,
                "Slope of monthly net spend over the active months (change per month); null with one active month")
            .column(
                FeatureColumns.FAVOURITE_DAY,
                "Most frequent purchase day, ISO 1 = Monday ... 7 = Sunday")
            .column(FeatureColumns.FAVOURITE_HOUR, "Most frequent purchase hour, 0-23")
            .column(
                FeatureColumns.FOREIGN_SPEND_SHARE,
                "Share of gross spend outside features.home-country")
            .column(FeatureColumns.COUNTRIES, "Distinct countries the customer bought from")
            .column(FeatureColumns.R_SCORE, "RFM recency quintile score, 5 = most recent")
            .column(FeatureColumns.F_SCORE, "RFM frequency quintile score, 5 = most frequent")
            .column(FeatureColumns.M_SCORE, "RFM monetary quintile score, 5 = highest spend")
            .column(
                FeatureColumns.RFM_SEGMENT,
                "Standard named RFM segment (Champions, Loyal Customers, ... Lost)")
            .column(
                FeatureColumns.MAIN_CATEGORY,
                "Category with the customer's highest gross spend; null unless the input has categories")
            .column(
                FeatureColumns.MAIN_CATEGORY_SHARE,
                "Share of the customer's gross spend in main_category, 0-1")
            .column(
                FeatureColumns.MAIN_REGION,
                "Region with the customer's highest gross spend; null unless the input has regions")
            .column(FeatureColumns.TOTAL_PROFIT, "Total profit; null unless the input has profit")
            .column(
                FeatureColumns.PROFIT_MARGIN,
                "total_profit / monetary_net; null unless the input has profit")
            .column(
                ModelColumns.DISTANCE,
                "Euclidean distance to the segment centroid in scaled feature space")
            .column(RUN_ID, "Run that assigned the segment");
    FACT_CLUSTERING = b.with(ClvTableSpecs::predictions).build();
  }

  public static final TableSpec MODEL_SELECTION = RunTableSpecs.MODEL_SELECTION;
  public static final TableSpec DATA_QUALITY = RunTableSpecs.DATA_QUALITY;
  public static final TableSpec REJECTED_ROWS = RunTableSpecs.REJECTED_ROWS;
  public static final TableSpec RUN_LOG = RunTableSpecs.RUN_LOG;
  public static final TableSpec FACT_SEGMENT_HISTORY = RunTableSpecs.FACT_SEGMENT_HISTORY;
  public static final TableSpec SEGMENT_MIGRATION = RunTableSpecs.SEGMENT_MIGRATION;

  public static final TableSpec SCORED_CUSTOMERS = RunTableSpecs.SCORED_CUSTOMERS; // by score

  /** Every table, dimensions first (the order they are written in). */
  public static final List<TableSpec> ALL =
      List.of(
          DIM_DATE,
          DIM_COUNTRY,
          DIM_CUSTOMER,
          DIM_CLUSTER,
          SEGMENT_PROFILE,
          FACT_SALES,
          FACT_CLUSTERING,
          ClvTableSpecs.CLV_MODEL,
          MODEL_SELECTION,
          DATA_QUALITY,
          REJECTED_ROWS,
          FACT_SEGMENT_HISTORY,
          SEGMENT_MIGRATION,
          RUN_LOG);
}
