package io.segmentation.clv;

import static io.segmentation.schema.ClvColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.segmentation.schema.InvoiceColumns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * One row per customer with the summaries the lifetime-value models take, from the clean customer
 * sales lines ({@code InvoiceCleaner.customerSales}: returns included, guests excluded), built-in
 * aggregations only.
 *
 * <p>A purchase is a distinct (customer, calendar day) whose net value (returns included) is
 * positive. Time runs in whole days from the customer's first purchase day, treated as continuous
 * by the models: x = purchase days after the first, t_x = days from the first to the last, T = days
 * from the first to the end of observation. The mean repeat value is the mean net value of the
 * repeat purchase days (the first purchase excluded, as the libraries do; null when x = 0).
 *
 * <p>Output columns: {@code customer_id} (string), {@code repeat_purchases} (int), {@code
 * last_purchase_day}, {@code observed_days}, {@code mean_repeat_value} (double), {@code
 * holdout_purchases} (int).
 */
public final class ClvSummaries {
  // Intermediate columns.
  private static final String DAY = "_day";
  private static final String NET = "_net";
  private static final String FIRST = "_first";
  private static final String FIRST_VALUE = "_first_value";
  private static final String LAST = "_last";
  private static final String DAYS = "_days";
  private static final String TOTAL = "_total";
  private static final String CALIBRATION_LAST = "_calibration_last";
  private static final String CALIBRATION_DAYS = "_calibration_days";
  private static final String CALIBRATION_TOTAL = "_calibration_total";

  private ClvSummaries() {}

  /**
   * The summaries over the purchase days before {@code end} (the reference date); {@code
   * holdout_purchases} is 0. Customers without a purchase day before {@code end} get no row.
   */
  public static Dataset<Row> build(Dataset<Row> customerSales, LocalDate end) {
    return aggregate(customerSales, end, end).summaries();
  }

  /**
   * The summaries over the purchase days before {@code cutoff} (the calibration period, whose end T
   * runs to), with the purchase days in [{@code cutoff}, {@code end}) counted in {@code
   * holdout_purchases}: the holdout check's data. Only customers with a purchase before the cutoff.
   */
  public static Dataset<Row> build(Dataset<Row> customerSales, LocalDate cutoff, LocalDate end) {
    return aggregate(customerSales, cutoff, end).calibration();
  }

  /**
   * Per customer, what both the summaries to {@code end} and the calibration summaries to {@code
   * cutoff} are selected from: one pass over the lines for both (cache {@link #rows()} when both
   * are used).
   */
  public record Aggregates(Dataset<Row> rows, LocalDate cutoff, LocalDate end) {
    /** The same aggregates over {@code f} of the rows (e.g. persisted). */
    public Aggregates map(UnaryOperator<Dataset<Row>> f) {
      return new Aggregates(f.apply(rows), cutoff, end);
    }

    /** The summaries over the purchase days before {@code end}; holdout purchases 0. */
    public Dataset<Row> summaries() {
      return select(rows, end, col(LAST), col(DAYS), col(TOTAL), lit(0));
    }

    /** The summaries over the days before {@code cutoff}, with the holdout purchases after it. */
    public Dataset<Row> calibration() {
      return select(
          rows.where(col(FIRST).lt(lit(Date.valueOf(cutoff)))),
          cutoff,
          col(CALIBRATION_LAST),
          col(CALIBRATION_DAYS),
          col(CALIBRATION_TOTAL),
          col(HOLDOUT_PURCHASES));
    }
  }

  /**
   * The per-customer aggregates of the purchase days before {@code end}, split at {@code cutoff}.
   */
  public static Aggregates aggregate(Dataset<Row> customerSales, LocalDate cutoff, LocalDate end) {
    if (cutoff.isAfter(end)) {
      throw new IllegalArgumentException("cutoff " + cutoff + " is after the end " + end);
    }
    Column day = col(DAY);
    Column observed = day.lt(lit(Date.valueOf(end)));
    Column calibration = day.lt(lit(Date.valueOf(cutoff)));
    Column holdout = observed.and(calibration.unary_$bang());
    Dataset<Row> rows =
        purchaseDays(customerSales)
            .groupBy(col(InvoiceColumns.CUSTOMER_ID))
            .agg(
                min(when(observed, day)).as(FIRST),
                min_by(col(NET), day).as(FIRST_VALUE),
                max(when(observed, day)).as(LAST),
                count(when(observed, lit(1))).as(DAYS),
                sum(when(observed, col(NET))).as(TOTAL),
                max(when(calibration, day)).as(CALIBRATION_LAST),
                count(when(calibration, lit(1))).as(CALIBRATION_DAYS),
                sum(when(calibration, col(NET))).as(CALIBRATION_TOTAL),
                count(when(holdout, lit(1))).as(HOLDOUT_PURCHASES))
            .where(col(FIRST).isNotNull());
    return new Aggregates(rows, cutoff, end);
  }

  /**
   * The summary columns to {@code until} from the aggregates of the period: x is its purchase days
   * but the first, and the first day's value is left out of the mean repeat value (the first
   * purchase day is the customer's first in either period).
   */
  private static Dataset<Row> select(
      Dataset<Row> rows, LocalDate until, Column last, Column days, Column total, Column holdout) {
    Column first = col(FIRST);
    Column x = days.minus(1);
    Column repeatValue = total.minus(col(FIRST_VALUE)).cast(DataTypes.DoubleType).divide(x);
    return rows.select(
        col(InvoiceColumns.CUSTOMER_ID),
        x.cast(DataTypes.IntegerType).as(REPEAT_PURCHASES),
        datediff(last, first).cast(DataTypes.DoubleType).as(LAST_PURCHASE_DAY),
        datediff(lit(Date.valueOf(until)), first).cast(DataTypes.DoubleType).as(OBSERVED_DAYS),
        when(x.gt(0), repeatValue).as(MEAN_REPEAT_VALUE),
        holdout.cast(DataTypes.IntegerType).as(HOLDOUT_PURCHASES));
  }

  /** One row per customer and purchase day: a day whose lines' net value is positive. */
  private static Dataset<Row> purchaseDays(Dataset<Row> customerSales) {
    Column isPurchaseDay = col(NET).gt(0);
    return customerSales
        .groupBy(col(InvoiceColumns.CUSTOMER_ID), to_date(col(InvoiceColumns.INVOICE_TS)).as(DAY))
        .agg(sum(col(InvoiceColumns.LINE_AMOUNT)).as(NET))
        .where(isPurchaseDay);
  }
}
