package io.segmentation.features;

import static io.segmentation.features.FeatureColumns.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.segmentation.ingest.InvoiceColumns;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * One behaviour vector per customer, built with a single aggregation over the clean invoice lines
 * (returns included). Only customers with at least one purchase invoice get a row.
 *
 * <p>Definitions: recency is whole calendar days from the last purchase to the reference date;
 * frequency counts distinct purchase invoices; monetary_net is purchases minus returns,
 * monetary_gross purchases only; cancellation_rate is cancelled invoices / all invoices;
 * total_profit and profit_margin (profit / net spend) are null unless the input has profit.
 */
public final class CustomerFeatures {
  private final LocalDate referenceDate;

  /** @param referenceDate the day recency is counted to (usually the day after the last sale) */
  public CustomerFeatures(LocalDate referenceDate) {
    this.referenceDate = referenceDate;
  }

  public Dataset<Row> build(Dataset<Row> clean) {
    Column isReturn = col(InvoiceColumns.IS_RETURN);
    Column isPurchase = isReturn.unary_$bang();
    Column amount = col(InvoiceColumns.LINE_AMOUNT);
    Column purchaseTs = when(isPurchase, col(InvoiceColumns.INVOICE_TS));
    Column purchaseInvoice = when(isPurchase, col(InvoiceColumns.INVOICE_NO));
    Column returnInvoice = when(isReturn, col(InvoiceColumns.INVOICE_NO));
    Column returnedValue = sum(when(isReturn, amount.unary_$minus())).as("_returned");

    Dataset<Row> agg =
        clean
            .groupBy(col(InvoiceColumns.CUSTOMER_ID).as(CUSTOMER_ID))
            .agg(
                max_by(col(InvoiceColumns.COUNTRY), col(InvoiceColumns.INVOICE_TS)).as(HOME_COUNTRY),
                min(purchaseTs).as(FIRST_PURCHASE),
                max(purchaseTs).as(LAST_PURCHASE),
                count_distinct(purchaseInvoice).as(FREQUENCY),
                count_distinct(returnInvoice).as(CANCELLATION_COUNT),
                sum(amount).as(MONETARY_NET),
                sum(when(isPurchase, amount)).as(MONETARY_GROSS),
                sum(when(isPurchase, col(InvoiceColumns.QUANTITY))).as(TOTAL_ITEMS),
                count_distinct(when(isPurchase, col(InvoiceColumns.STOCK_CODE)))
                    .as(DISTINCT_PRODUCTS),
                returnedValue,
                sum(col(InvoiceColumns.PROFIT)).as(TOTAL_PROFIT))
            .where(col(FREQUENCY).gt(0));

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
        when(gross.gt(0), coalesce(col("_returned"), lit(0)).cast(DataTypes.DoubleType).divide(gross))
            .otherwise(lit(0.0))
            .as(RETURNED_VALUE_SHARE),
        col(TOTAL_PROFIT).cast(DataTypes.createDecimalType(18, 2)).as(TOTAL_PROFIT),
        when(col(MONETARY_NET).gt(0), col(TOTAL_PROFIT).cast(DataTypes.DoubleType).divide(col(MONETARY_NET).cast(DataTypes.DoubleType)))
            .as(PROFIT_MARGIN));
  }
}
