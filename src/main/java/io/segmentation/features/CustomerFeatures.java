package io.segmentation.features;

import static io.segmentation.schema.FeatureColumns.*;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regr_slope;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.segmentation.schema.InvoiceColumns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * One behaviour vector per customer, built from the clean invoice lines (returns included) in one
 * chain: lines to baskets (one row per invoice), baskets to active months, months to customers;
 * distinct products and countries come from the lines (three passes over them in all). No {@code
 * mode()} and few distinct counts: object aggregates and distinct expansion cost seconds of CPU per
 * core even on the real data's 400,000 clean lines. Only customers with at least one purchase
 * invoice get a row.
 *
 * <p>Definitions: recency is whole calendar days from the last purchase to the reference date;
 * frequency counts distinct purchase invoices; monetary_net is purchases minus returns,
 * monetary_gross purchases only; cancellation_rate is cancelled invoices / all invoices;
 * total_profit and profit_margin (profit / net spend) are null unless the input has profit.
 */
public final class CustomerFeatures {
  private final LocalDate referenceDate;
  private final String homeCountry;
  private final boolean categories;
  private final boolean regions;

  /**
   * The day recency is counted to: {@code features.reference-date} when set, else the day after the
   * last sale. {@code run} and {@code score} both use this rule.
   */
  public static LocalDate referenceDate(Optional<LocalDate> configured, LocalDate lastSale) {
    return configured.orElse(lastSale.plusDays(1));
  }

  /**
   * @param referenceDate the day recency is counted to (usually the day after the last sale)
   * @param homeCountry the retailer's home country; spend elsewhere counts as foreign
   */
  public CustomerFeatures(LocalDate referenceDate, String homeCountry) {
    this(referenceDate, homeCountry, true, true);
  }

  private CustomerFeatures(
      LocalDate referenceDate, String homeCountry, boolean categories, boolean regions) {
    this.referenceDate = referenceDate;
    this.homeCountry = homeCountry;
    this.categories = categories;
    this.regions = regions;
  }

  /**
   * Which of category and region the input has: for one it lacks, the main value and its share are
   * null without the pass over every line that finds them (the cache hides that the column is
   * empty).
   */
  public CustomerFeatures withDimensions(boolean categories, boolean regions) {
    return new CustomerFeatures(referenceDate, homeCountry, categories, regions);
  }

  /**
   * The invoice-level rows summed per customer and active month: the customer level adds these up,
   * and takes the mean, population standard deviation and trend (least-squares slope against the
   * month number; null with fewer than two active months) of the monthly net spend. One chain over
   * the lines, lines to invoices to months to customers, instead of a second pass for the months.
   */
  private static Dataset<Row> months(Dataset<Row> invoices) {
    Column ts = col(InvoiceColumns.INVOICE_TS);
    List<Column> sums = new ArrayList<>();
    sums.add(max(col(LAST_PURCHASE_TS)).as(LAST_PURCHASE_TS));
    sums.add(sum(when(col(HAS_PURCHASE), 1).otherwise(0)).as(FREQUENCY));
    sums.add(sum(when(col(HAS_RETURN), 1).otherwise(0)).as(CANCELLATION_COUNT));
    for (String amount : List.of(NET, GROSS, ITEMS, RETURNED, PROFIT, FOREIGN)) {
      sums.add(sum(col(amount)).as(amount));
    }
    sums.addAll(lineCounts(isoDayOfWeek(ts), DAY, 1, 7));
    sums.addAll(lineCounts(hour(ts), HOUR, 0, 23));
    return invoices
        .groupBy(col(CUSTOMER_ID), year(ts).multiply(12).plus(month(ts)).as(MONTH))
        .agg(min(col(FIRST_PURCHASE_TS)).as(FIRST_PURCHASE_TS), sums.toArray(Column[]::new));
  }

  /** Distinct products bought per customer (returns excluded). */
  private static Dataset<Row> products(Dataset<Row> clean) {
    return clean
        .where(col(InvoiceColumns.IS_RETURN).unary_$bang())
        .groupBy(col(InvoiceColumns.CUSTOMER_ID).as(CUSTOMER_ID))
        .agg(count_distinct(col(InvoiceColumns.STOCK_CODE)).as(DISTINCT_PRODUCTS));
  }

  /** ISO day of week: 1 = Monday ... 7 = Sunday. */
  static Column isoDayOfWeek(Column ts) {
    return pmod(dayofweek(ts).plus(5), lit(7)).plus(1);
  }

  // Invoice-level columns (one row per customer and invoice).
  private static final String HAS_PURCHASE = "_has_purchase";
  private static final String HAS_RETURN = "_has_return";
  private static final String PURCHASE_LINES = "_purchase_lines";
  private static final String FIRST_PURCHASE_TS = "_first_purchase_ts";
  private static final String LAST_PURCHASE_TS = "_last_purchase_ts";
  private static final String NET = "_net";
  private static final String GROSS = "_gross";
  private static final String FOREIGN = "_foreign";
  private static final String ITEMS = "_items";
  private static final String RETURNED = "_returned";
  private static final String PROFIT = "_profit";
  // Month-level columns (one row per customer and active month).
  private static final String MONTH = "_month";
  private static final String DAY = "_day_";
  private static final String HOUR = "_hour_";

  /**
   * The clean lines summed per basket (customer and invoice). An invoice's time is that of its last
   * line (in practice every line of an invoice has the same). Every customer-level measure except
   * distinct products, countries, home country and the main category and region is computed from
   * these rows, some 20 times fewer than the lines.
   */
  private Dataset<Row> invoices(Dataset<Row> clean) {
    Column isReturn = col(InvoiceColumns.IS_RETURN);
    Column isPurchase = isReturn.unary_$bang();
    Column amount = col(InvoiceColumns.LINE_AMOUNT);
    Column ts = col(InvoiceColumns.INVOICE_TS);
    return clean
        .groupBy(col(InvoiceColumns.CUSTOMER_ID).as(CUSTOMER_ID), col(InvoiceColumns.INVOICE_NO))
        .agg(
            max(ts).as(InvoiceColumns.INVOICE_TS),
            max(isPurchase).as(HAS_PURCHASE),
            max(isReturn).as(HAS_RETURN),
            count(when(isPurchase, lit(1))).as(PURCHASE_LINES),
            min(when(isPurchase, ts)).as(FIRST_PURCHASE_TS),
            max(when(isPurchase, ts)).as(LAST_PURCHASE_TS),
            sum(amount).as(NET),
            sum(when(isPurchase, amount)).as(GROSS),
            sum(when(isPurchase.and(col(InvoiceColumns.COUNTRY).notEqual(homeCountry)), amount))
                .as(FOREIGN),
            sum(when(isPurchase, col(InvoiceColumns.QUANTITY))).as(ITEMS),
            sum(when(isReturn, amount.unary_$minus())).as(RETURNED),
            sum(col(InvoiceColumns.PROFIT)).as(PROFIT));
  }

  /**
   * How many countries a customer bought or returned in, and the country of their latest line
   * (home_country). Kept apart from the invoice sums, whose buffers are then all fixed-width: Spark
   * can hash-aggregate them instead of sorting every line.
   */
  private static Dataset<Row> countries(Dataset<Row> clean) {
    return clean
        .groupBy(col(InvoiceColumns.CUSTOMER_ID).as(CUSTOMER_ID), col(InvoiceColumns.COUNTRY))
        .agg(max(col(InvoiceColumns.INVOICE_TS)).as("_last"))
        .groupBy(col(CUSTOMER_ID))
        .agg(
            count(lit(1)).as(COUNTRIES),
            max_by(col(InvoiceColumns.COUNTRY), col("_last")).as(HOME_COUNTRY));
  }

  /**
   * Purchase lines per value of {@code value} ({@code first}..{@code last}), one column each
   * ({@code prefix} and the value), summed over invoices.
   */
  private static List<Column> lineCounts(Column value, String prefix, int first, int last) {
    List<Column> counts = new ArrayList<>();
    for (int v = first; v <= last; v++) {
      counts.add(sum(when(value.equalTo(v), col(PURCHASE_LINES)).otherwise(0)).as(prefix + v));
    }
    return counts;
  }

  /**
   * The most frequent value ({@code first}..{@code last}) by the purchase lines counted in the
   * {@code prefix} columns, the smallest on ties (as {@code mode(x, true)}), null without
   * purchases: no extra shuffle.
   */
  private static Column favourite(String prefix, int first, int last) {
    List<Column> counts = new ArrayList<>();
    for (int v = first; v <= last; v++) {
      counts.add(struct(sum(col(prefix + v)).as("n"), lit(-v).as("v")));
    }
    Column best = greatest(counts.toArray(Column[]::new));
    return when(best.getField("n").gt(0), best.getField("v").unary_$minus());
  }

  /**
   * The classified rows arrive hash-partitioned by customer ({@code InvoiceCleaner}), and every
   * aggregation and join below is keyed by the customer first: no shuffle. The one distinct count
   * (products) needs no row expansion.
   */
  public Dataset<Row> build(Dataset<Row> clean) {
    Column spend = col(NET).cast(DataTypes.DoubleType);
    Dataset<Row> agg =
        months(invoices(clean))
            .groupBy(col(CUSTOMER_ID))
            .agg(
                min(col(FIRST_PURCHASE_TS)).as(FIRST_PURCHASE),
                max(col(LAST_PURCHASE_TS)).as(LAST_PURCHASE),
                sum(col(FREQUENCY)).as(FREQUENCY),
                sum(col(CANCELLATION_COUNT)).as(CANCELLATION_COUNT),
                sum(col(NET)).as(MONETARY_NET),
                sum(col(GROSS)).as(MONETARY_GROSS),
                sum(col(ITEMS)).as(TOTAL_ITEMS),
                sum(col(RETURNED)).as(RETURNED),
                sum(col(PROFIT)).as(TOTAL_PROFIT),
                sum(col(FOREIGN)).as(FOREIGN),
                avg(spend).as(MONTHLY_SPEND_MEAN),
                stddev_pop(spend).as(MONTHLY_SPEND_STD),
                regr_slope(spend, col(MONTH).cast(DataTypes.DoubleType)).as(SPEND_TREND),
                favourite(DAY, 1, 7).as(FAVOURITE_DAY),
                favourite(HOUR, 0, 23).as(FAVOURITE_HOUR))
            .where(col(FREQUENCY).gt(0))
            .join(products(clean), CUSTOMER_ID)
            .join(countries(clean), CUSTOMER_ID);
    agg =
        MainValues.join(
            agg, clean, categories, InvoiceColumns.CATEGORY, MAIN_CATEGORY, MAIN_CATEGORY_SHARE);
    agg = MainValues.join(agg, clean, regions, InvoiceColumns.REGION, MAIN_REGION, "_region_share");

    Column frequency = col(FREQUENCY).cast(DataTypes.DoubleType);
    Column tenure = datediff(to_date(col(LAST_PURCHASE)), to_date(col(FIRST_PURCHASE)));
    Column gross = col(MONETARY_GROSS).cast(DataTypes.DoubleType);
    return agg.select(
        col(CUSTOMER_ID),
        col(HOME_COUNTRY),
        col(FIRST_PURCHASE),
        col(LAST_PURCHASE),
        datediff(lit(Date.valueOf(referenceDate)), to_date(col(LAST_PURCHASE)))
            .cast(DataTypes.IntegerType)
            .as(RECENCY_DAYS),
        col(FREQUENCY).cast(DataTypes.IntegerType).as(FREQUENCY),
        col(MONETARY_NET).cast(DataTypes.createDecimalType(18, 2)).as(MONETARY_NET),
        col(MONETARY_GROSS).cast(DataTypes.createDecimalType(18, 2)).as(MONETARY_GROSS),
        col(TOTAL_ITEMS).cast(DataTypes.LongType).as(TOTAL_ITEMS),
        col(TOTAL_ITEMS).divide(frequency).as(AVG_BASKET_ITEMS),
        gross.divide(frequency).as(AVG_BASKET_SPEND),
        col(DISTINCT_PRODUCTS).cast(DataTypes.IntegerType).as(DISTINCT_PRODUCTS),
        tenure.cast(DataTypes.IntegerType).as(TENURE_DAYS),
        when(col(FREQUENCY).gt(1), tenure.divide(frequency.minus(1)))
            .cast(DataTypes.DoubleType)
            .as(AVG_DAYS_BETWEEN),
        col(CANCELLATION_COUNT).cast(DataTypes.IntegerType).as(CANCELLATION_COUNT),
        col(CANCELLATION_COUNT)
            .divide(col(CANCELLATION_COUNT).plus(col(FREQUENCY)))
            .cast(DataTypes.DoubleType)
            .as(CANCELLATION_RATE),
        when(gross.gt(0), coalesce(col(RETURNED), lit(0)).cast(DataTypes.DoubleType).divide(gross))
            .otherwise(lit(0.0))
            .as(RETURNED_VALUE_SHARE),
        col(MONTHLY_SPEND_MEAN),
        col(MONTHLY_SPEND_STD),
        col(SPEND_TREND),
        col(FAVOURITE_DAY).cast(DataTypes.IntegerType).as(FAVOURITE_DAY),
        col(FAVOURITE_HOUR).cast(DataTypes.IntegerType).as(FAVOURITE_HOUR),
        when(gross.gt(0), coalesce(col(FOREIGN), lit(0)).cast(DataTypes.DoubleType).divide(gross))
            .otherwise(lit(0.0))
            .as(FOREIGN_SPEND_SHARE),
        col(COUNTRIES).cast(DataTypes.IntegerType).as(COUNTRIES),
        col(MAIN_CATEGORY),
        col(MAIN_CATEGORY_SHARE),
        col(MAIN_REGION),
        col(TOTAL_PROFIT).cast(DataTypes.createDecimalType(18, 2)).as(TOTAL_PROFIT),
        when(
                col(MONETARY_NET).gt(0),
                col(TOTAL_PROFIT)
                    .cast(DataTypes.DoubleType)
                    .divide(col(MONETARY_NET).cast(DataTypes.DoubleType)))
            .as(PROFIT_MARGIN));
  }
}
