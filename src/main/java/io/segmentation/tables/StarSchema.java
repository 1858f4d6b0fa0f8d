package io.segmentation.tables;

import static io.segmentation.tables.Tables.*;
import static org.apache.spark.sql.functions.*;

import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.InvoiceColumns;
import io.segmentation.warehouse.DeltaWriter;
import io.segmentation.warehouse.Layout;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds the star schema's dimensions and facts from the clean sales and the segmented customers.
 * Pure transformations: writing is {@link DeltaWriter}'s job. Every dimension has an unknown member
 * ({@link Tables#UNKNOWN_KEY}); fact keys are never null.
 */
public final class StarSchema {
  private final SparkSession spark;
  private final String runId;

  public StarSchema(SparkSession spark, String runId) {
    this.spark = spark;
    this.runId = runId;
  }

  /** Stable BIGINT key of a customer id: non-negative, so it never collides with -1. */
  public static Column customerKey(Column customerId) {
    return pmod(xxhash64(customerId), lit(Long.MAX_VALUE));
  }

  /**
   * Contiguous calendar from the first to the last day of the valid sales (both null: none), plus
   * the unknown member. Built from the two dates alone: no pass over the sales.
   */
  public Dataset<Row> dimDate(LocalDate first, LocalDate last) {
    Column from = first == null ? lit(null).cast(DataTypes.DateType) : lit(Date.valueOf(first));
    Column to = last == null ? lit(null).cast(DataTypes.DateType) : lit(Date.valueOf(last));
    Dataset<Row> days = spark.range(1).select(explode(sequence(from, to)).as("date"));
    Column date = col("date");
    Dataset<Row> calendar =
        days.select(
            dateKey(date).as(DATE_KEY),
            date,
            year(date).as("year"),
            quarter(date).as("quarter"),
            month(date).as("month"),
            date_format(date, "MMMM").as(MONTH_NAME),
            date_format(date, "yyyy-MM").as(YEAR_MONTH),
            weekofyear(date).as(ISO_WEEK),
            pmod(dayofweek(date).plus(5), lit(7)).plus(1).as(DAY_OF_WEEK),
            date_format(date, "EEEE").as(DAY_NAME),
            dayofweek(date).isin(1, 7).as(IS_WEEKEND));
    Dataset<Row> unknown =
        calendar
            .limit(0)
            .unionByName(
                spark
                    .range(1)
                    .select(
                        lit(UNKNOWN_KEY).as(DATE_KEY),
                        lit(null).cast(DataTypes.DateType).as("date"),
                        lit(null).cast(DataTypes.IntegerType).as("year"),
                        lit(null).cast(DataTypes.IntegerType).as("quarter"),
                        lit(null).cast(DataTypes.IntegerType).as("month"),
                        lit("Unknown").as(MONTH_NAME),
                        lit("Unknown").as(YEAR_MONTH),
                        lit(null).cast(DataTypes.IntegerType).as(ISO_WEEK),
                        lit(null).cast(DataTypes.IntegerType).as(DAY_OF_WEEK),
                        lit("Unknown").as(DAY_NAME),
                        lit(null).cast(DataTypes.BooleanType).as(IS_WEEKEND)));
    return unknown.unionByName(calendar);
  }

  /**
   * Countries with the keys they had ({@code known}, from the previous dim_country) and the next
   * free keys for the ones not seen before, in the given order (the valid sales' countries, in name
   * order), plus the unknown member. A country keeps its key for ever: facts written by earlier
   * runs stay joined.
   */
  public Dataset<Row> dimCountry(Map<String, Integer> known, List<String> names) {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(UNKNOWN_KEY, "Unknown"));
    CountryKeys.assign(known, names).forEach((name, key) -> rows.add(RowFactory.create(key, name)));
    StructType schema =
        new StructType()
            .add(COUNTRY_KEY, DataTypes.IntegerType, false)
            .add(COUNTRY_NAME, DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * Every customer of the sales, with the current segment ({@code segmentKeys}: customer_id,
   * cluster_key; -1 for a customer without one) and the home country.
   *
   * @param features one row per segmentable customer (home country, first and last purchase)
   * @param salesCustomers customer_id and home country of every customer in the valid sales; the
   *     ones without features (returns only) get no purchase dates
   * @param attributes customer attributes (customer_id, gender, age, age_band, city, membership,
   *     customer_segment), or null when the run has none
   */
  public Dataset<Row> dimCustomer(
      Dataset<Row> features,
      Dataset<Row> salesCustomers,
      Dataset<Row> segmentKeys,
      Dataset<Row> dimCountry,
      Dataset<Row> attributes) {
    Dataset<Row> withAttributes =
        withAttributes(everyCustomer(features, salesCustomers), attributes)
            .join(segmentKeys, FeatureColumns.CUSTOMER_ID, "left");
    Dataset<Row> customers =
        withAttributes
            .join(
                broadcast(dimCountry),
                withAttributes
                    .col(FeatureColumns.HOME_COUNTRY)
                    .equalTo(dimCountry.col(COUNTRY_NAME)),
                "left")
            .select(
                customerKey(col(FeatureColumns.CUSTOMER_ID)).as(CUSTOMER_KEY),
                col(FeatureColumns.CUSTOMER_ID),
                coalesce(col(COUNTRY_KEY), lit(UNKNOWN_KEY)).as(COUNTRY_KEY),
                coalesce(col(CLUSTER_KEY), lit(UNKNOWN_KEY)).as(CLUSTER_KEY),
                to_date(col(FeatureColumns.FIRST_PURCHASE)).as(FIRST_PURCHASE_DATE),
                to_date(col(FeatureColumns.LAST_PURCHASE)).as(LAST_PURCHASE_DATE),
                col(GENDER),
                col(AGE),
                col(AGE_BAND),
                col(CITY),
                col(MEMBERSHIP),
                col(CUSTOMER_SEGMENT));
    Dataset<Row> unknown =
        spark
            .range(1)
            .select(
                lit((long) UNKNOWN_KEY).as(CUSTOMER_KEY),
                lit("Unknown").as(FeatureColumns.CUSTOMER_ID),
                lit(UNKNOWN_KEY).as(COUNTRY_KEY),
                lit(UNKNOWN_KEY).as(CLUSTER_KEY),
                lit(null).cast(DataTypes.DateType).as(FIRST_PURCHASE_DATE),
                lit(null).cast(DataTypes.DateType).as(LAST_PURCHASE_DATE),
                lit(null).cast(DataTypes.StringType).as(GENDER),
                lit(null).cast(DataTypes.IntegerType).as(AGE),
                lit(null).cast(DataTypes.StringType).as(AGE_BAND),
                lit(null).cast(DataTypes.StringType).as(CITY),
                lit(null).cast(DataTypes.StringType).as(MEMBERSHIP),
                lit(null).cast(DataTypes.StringType).as(CUSTOMER_SEGMENT));
    return unknown.unionByName(customers);
  }

  /**
   * customer_id and home country of every customer of the valid sales (guests excluded): the
   * country of the customer's latest line, as the features define it.
   */
  public static Dataset<Row> salesCustomers(Dataset<Row> customerSales) {
    return customerSales
        .groupBy(col(InvoiceColumns.CUSTOMER_ID).as(FeatureColumns.CUSTOMER_ID))
        .agg(
            max_by(col(InvoiceColumns.COUNTRY), col(InvoiceColumns.INVOICE_TS))
                .as(FeatureColumns.HOME_COUNTRY));
  }

  /** customer_id and cluster_key of the segmented customers. */
  public static Dataset<Row> segmentKeys(Dataset<Row> assigned, List<Segment> segments) {
    return assigned.select(
        col(FeatureColumns.CUSTOMER_ID),
        SegmentAssigner.byIndex(segments, s -> s.key()).as(CLUSTER_KEY));
  }

  /** The featured customers, then the customers of the sales without features. */
  private static Dataset<Row> everyCustomer(Dataset<Row> features, Dataset<Row> salesCustomers) {
    Dataset<Row> featured =
        features.select(
            col(FeatureColumns.CUSTOMER_ID),
            col(FeatureColumns.HOME_COUNTRY),
            col(FeatureColumns.FIRST_PURCHASE),
            col(FeatureColumns.LAST_PURCHASE));
    Dataset<Row> withoutFeatures =
        salesCustomers
            .join(
                featured.select(FeatureColumns.CUSTOMER_ID),
                FeatureColumns.CUSTOMER_ID,
                "left_anti")
            .select(
                col(FeatureColumns.CUSTOMER_ID),
                col(FeatureColumns.HOME_COUNTRY),
                lit(null).cast(DataTypes.TimestampType).as(FeatureColumns.FIRST_PURCHASE),
                lit(null).cast(DataTypes.TimestampType).as(FeatureColumns.LAST_PURCHASE));
    return featured.unionByName(withoutFeatures);
  }

  private static Dataset<Row> withAttributes(Dataset<Row> customers, Dataset<Row> attributes) {
    return attributes == null
        ? customers
            .withColumn(GENDER, lit(null).cast(DataTypes.StringType))
            .withColumn(AGE, lit(null).cast(DataTypes.IntegerType))
            .withColumn(AGE_BAND, lit(null).cast(DataTypes.StringType))
            .withColumn(CITY, lit(null).cast(DataTypes.StringType))
            .withColumn(MEMBERSHIP, lit(null).cast(DataTypes.StringType))
            .withColumn(CUSTOMER_SEGMENT, lit(null).cast(DataTypes.StringType))
        : customers.join(attributes, FeatureColumns.CUSTOMER_ID, "left");
  }

  /** The segments with their names, actions and profile, plus the unknown member. */
  public Dataset<Row> dimCluster(List<Segment> segments) {
    return ClusterDimension.of(spark, runId, segments);
  }

  /** Segmented customers with their keys, features and distance. */
  public Dataset<Row> factClustering(
      Dataset<Row> assigned, List<Segment> segments, Dataset<Row> dimCustomer) {
    Dataset<Row> keys =
        dimCustomer.select(
            col(CUSTOMER_KEY).as("_ck"),
            col(FeatureColumns.CUSTOMER_ID).as("_cid"),
            col(COUNTRY_KEY));
    return assigned
        .withColumn(CLUSTER_KEY, SegmentAssigner.byIndex(segments, s -> s.key()))
        .withColumn(SEGMENT_NAME, SegmentAssigner.byIndex(segments, s -> s.name().name()))
        .join(keys, col(FeatureColumns.CUSTOMER_ID).equalTo(col("_cid")), "left")
        .withColumn(CUSTOMER_KEY, col("_ck"))
        .withColumn(COUNTRY_KEY, coalesce(col(COUNTRY_KEY), lit(UNKNOWN_KEY)))
        .withColumn(RUN_ID, lit(runId));
  }

  /**
   * Valid sales with their date, customer and country keys (never null). Guest sales get the
   * unknown customer (-1); every other customer is in dim_customer ({@link #dimCustomer}). No
   * segment column: a line's customer carries the current segment.
   */
  public Dataset<Row> factSales(Dataset<Row> clean, Dataset<Row> dimCountry) {
    return clean
        .join(broadcast(dimCountry), col(InvoiceColumns.COUNTRY).equalTo(col(COUNTRY_NAME)), "left")
        .select(
            col(InvoiceColumns.INVOICE_NO),
            col(InvoiceColumns.STOCK_CODE),
            col(InvoiceColumns.DESCRIPTION),
            col(InvoiceColumns.QUANTITY),
            col(InvoiceColumns.UNIT_PRICE),
            col(InvoiceColumns.LINE_AMOUNT),
            col(InvoiceColumns.PROFIT),
            col(InvoiceColumns.REGION),
            col(InvoiceColumns.CATEGORY),
            col(InvoiceColumns.SUB_CATEGORY),
            col(InvoiceColumns.IS_RETURN),
            col(InvoiceColumns.INVOICE_TS),
            dateKey(to_date(col(InvoiceColumns.INVOICE_TS))).as(DATE_KEY),
            when(col(InvoiceColumns.IS_GUEST), lit((long) UNKNOWN_KEY))
                .otherwise(customerKey(col(InvoiceColumns.CUSTOMER_ID)))
                .as(CUSTOMER_KEY),
            coalesce(col(COUNTRY_KEY), lit(UNKNOWN_KEY)).as(COUNTRY_KEY));
  }

  /**
   * fact_sales' layout order: date_key, as one BIGINT (Spark sorts an integral key by radix instead
   * of comparing rows).
   */
  public static Column salesOrder() {
    return col(DATE_KEY).cast(DataTypes.LongType);
  }

  /**
   * The day of each fact_sales line counted from the first day of sales, with its bounds: the files
   * of a large fact_sales each take an equal run of days ({@link Layout#clustered}). Both days null
   * (no sales): a span of one day.
   */
  public static Layout.KeySpan salesDays(LocalDate first, LocalDate last) {
    if (first == null || last == null) {
      return new Layout.KeySpan(lit(0), 0, 0);
    }
    return new Layout.KeySpan(
        datediff(to_date(col(InvoiceColumns.INVOICE_TS)), lit(Date.valueOf(first))),
        0,
        ChronoUnit.DAYS.between(first, last));
  }

  /** yyyyMMdd as an integer, by arithmetic (no date formatter per row); -1 for no date. */
  private static Column dateKey(Column date) {
    return coalesce(
        year(date).multiply(10_000).plus(month(date).multiply(100)).plus(dayofmonth(date)),
        lit(UNKNOWN_KEY));
  }
}
