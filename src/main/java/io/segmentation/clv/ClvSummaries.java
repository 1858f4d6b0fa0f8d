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
  private static final String LAST = "_last";
  private static final String DAYS = "_days";
  private static final String TOTAL = "_total";
  private static final String FIRST_VALUE = "_first_value";

  private ClvSummaries() {}

  /**
   * The summaries over the purchase days before {@code end} (the reference date); {@code
   * holdout_purchases} is 0. Customers without a purchase day before {@code end} get no row.
   */
  public static Dataset<Row> build(Dataset<Row> customerSales, LocalDate end) {
    return build(customerSales, end, end);
  }

  /**
   * The summaries over the purchase days before {@code cutoff} (the calibration period, whose end T
   * runs to), with the purchase days in [{@code cutoff}, {@code end}) counted in {@code
   * holdout_purchases}: the holdout check's data. Only customers with a purchase before the cutoff.
   */
  public static Dataset<Row> build(Dataset<Row> customerSales, LocalDate cutoff, LocalDate end) {
    if (cutoff.isAfter(end)) {
      throw new IllegalArgumentException("cutoff " + cutoff + " is after the end " + end);
    }
    Column day = col(DAY);
    Column calibration = day.lt(lit(Date.valueOf(cutoff)));
    Column holdout = calibration.unary_$bang().and(day.lt(lit(Date.valueOf(end))));
    Column first = col(FIRST);
    Dataset<Row> perCustomer =
        purchaseDays(customerSales)
            .groupBy(col(InvoiceColumns.CUSTOMER_ID))
            .agg(
                min(when(calibration, day)).as(FIRST),
                max(when(calibration, day)).as(LAST),
                count(when(calibration, lit(1))).as(DAYS),
                sum(when(calibration, col(NET))).as(TOTAL),
                min_by(col(NET), day).as(FIRST_VALUE),
                count(when(holdout, lit(1))).as(HOLDOUT_PURCHASES))
            .where(first.isNotNull());
    Column x = col(DAYS).minus(1);
    Column repeatValue = col(TOTAL).minus(col(FIRST_VALUE)).cast(DataTypes.DoubleType).divide(x);
    return perCustomer.select(
        col(InvoiceColumns.CUSTOMER_ID),
        x.cast(DataTypes.IntegerType).as(REPEAT_PURCHASES),
        datediff(col(LAST), first).cast(DataTypes.DoubleType).as(LAST_PURCHASE_DAY),
        datediff(lit(Date.valueOf(cutoff)), first).cast(DataTypes.DoubleType).as(OBSERVED_DAYS),
        when(x.gt(0), repeatValue).as(MEAN_REPEAT_VALUE),
        col(HOLDOUT_PURCHASES).cast(DataTypes.IntegerType).as(HOLDOUT_PURCHASES));
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
