package io.segmentation.features;

import static io.segmentation.schema.FeatureColumns.CUSTOMER_ID;
import static org.apache.spark.sql.functions.*;

import io.segmentation.schema.InvoiceColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** A customer's main value of a line dimension (category, region): the one with the most spend. */
final class MainValues {
  private MainValues() {}

  /**
   * Per customer, the value of {@code dimension} (category, region) with the highest gross spend
   * and its share of the customer's gross spend; null when the input has no such column.
   */
  private static Dataset<Row> main(
      Dataset<Row> clean, String dimension, String name, String shareName) {
    Column purchase = col(InvoiceColumns.IS_RETURN).unary_$bang();
    return clean
        .where(purchase.and(col(dimension).isNotNull()))
        .groupBy(col(InvoiceColumns.CUSTOMER_ID).as(CUSTOMER_ID), col(dimension).as("_value"))
        .agg(sum(col(InvoiceColumns.LINE_AMOUNT)).cast(DataTypes.DoubleType).as("_spend"))
        .groupBy(col(CUSTOMER_ID))
        .agg(
            max_by(col("_value"), struct(col("_spend"), col("_value"))).as(name),
            when(sum(col("_spend")).gt(0), max(col("_spend")).divide(sum(col("_spend"))))
                .as(shareName));
  }

  /**
   * Adds {@code name} and {@code shareName} to the customers in {@code agg}; when the input lacks
   * the dimension ({@code present} false), null columns without a pass over the lines.
   */
  static Dataset<Row> join(
      Dataset<Row> agg,
      Dataset<Row> clean,
      boolean present,
      String dimension,
      String name,
      String shareName) {
    if (!present) {
      return agg.withColumn(name, lit(null).cast(DataTypes.StringType))
          .withColumn(shareName, lit(null).cast(DataTypes.DoubleType));
    }
    return agg.join(main(clean, dimension, name, shareName), CUSTOMER_ID, "left");
  }
}
