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
   * Countries, keyed 1..n in the given order (the valid sales' countries, in name order, from the
   * cleaning counts), plus the unknown member.
   */
  public Dataset<Row> dimCountry(List<String> names) {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(UNKNOWN_KEY, "Unknown"));
    for (int i = 0; i < names.size(); i++) {
      rows.add(RowFactory.create(i + 1, names.get(i)));
    }
    StructType schema =
        new StructType()
            .add(COUNTRY_KEY, DataTypes.IntegerType, false)
            .add(COUNTRY_NAME, DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * @param attributes customer attributes (customer_id, gender, age, age_band, city, membership,
   *     customer_segment), or null when the run has none
   */
  public Dataset<Row> dimCustomer(
      Dataset<Row> features, Dataset<Row> dimCountry, Dataset<Row> attributes) {
    Dataset<Row> withAttributes =
        attributes == null
            ? features
                .withColumn(GENDER, lit(null).cast(DataTypes.StringType))
                .withColumn(AGE, lit(null).cast(DataTypes.IntegerType))
                .withColumn(AGE_BAND, lit(null).cast(DataTypes.StringType))
                .withColumn(CITY, lit(null).cast(DataTypes.StringType))
                .withColumn(MEMBERSHIP, lit(null).cast(DataTypes.StringType))
                .withColumn(CUSTOMER_SEGMENT, lit(null).cast(DataTypes.StringType))
            : features.join(attributes, FeatureColumns.CUSTOMER_ID, "left");
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
   * Valid sales with their date, customer, country and segment keys (never null). Guest sales and
   * customers without a segment get the unknown customer and segment (-1).
   */
  public Dataset<Row> factSales(
      Dataset<Row> clean, Dataset<Row> dimCountry, Dataset<Row> factClustering) {
    // Both sides are partitioned by the customer already: a hash join per partition (the
    // partition's customers in a hash table) joins them without sorting the sales by customer,
    // which a sort-merge join would do before the layout sorts them by date again.
    Dataset<Row> segmentOf =
        factClustering
            .select(col(FeatureColumns.CUSTOMER_ID).as("_seg_cid"), col(CLUSTER_KEY))
            .hint("shuffle_hash");
    Column sameCustomer =
        col(InvoiceColumns.CUSTOMER_ID)
            .equalTo(col("_seg_cid"))
            .and(not(col(InvoiceColumns.IS_GUEST)));
    return clean
        .join(broadcast(dimCountry), col(InvoiceColumns.COUNTRY).equalTo(col(COUNTRY_NAME)), "left")
        .join(segmentOf, sameCustomer, "left")
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
            when(col("_seg_cid").isNotNull(), customerKey(col(InvoiceColumns.CUSTOMER_ID)))
                .otherwise(lit((long) UNKNOWN_KEY))
                .as(CUSTOMER_KEY),
            coalesce(col(COUNTRY_KEY), lit(UNKNOWN_KEY)).as(COUNTRY_KEY),
            coalesce(col(CLUSTER_KEY), lit(UNKNOWN_KEY)).as(CLUSTER_KEY));
  }

  /**
   * fact_sales' layout order, date_key then cluster_key, as one BIGINT: date_key in the high bits,
   * cluster_key + 1 (0 for the unknown segment, below 2^20) in the low 20. One integral key lets
   * Spark sort by radix instead of comparing rows (the two keys tie on every line of a day: a fifth
   * of the fact_sales task was spent comparing).
   */
  public static Column salesOrder() {
    return shiftleft(col(DATE_KEY).cast(DataTypes.LongType), 20)
        .plus(col(CLUSTER_KEY).plus(1).cast(DataTypes.LongType));
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
