package io.segmentation.tables;

import static io.segmentation.tables.Tables.*;
import static org.apache.spark.sql.functions.col;

import io.segmentation.model.Segment;
import io.segmentation.schema.FeatureColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** dim_cluster: one row per segment from the driver's segment list, plus the unknown member. */
final class ClusterDimension {
  private ClusterDimension() {}

  static Dataset<Row> of(SparkSession spark, String runId, List<Segment> segments) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        RowFactory.create(
            UNKNOWN_KEY,
            "Unassigned",
            "Customers without a segment (no clean purchases).",
            "None.",
            0L,
            0.0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            runId));
    for (Segment s : segments) {
      var p = s.profile();
      rows.add(
          RowFactory.create(
              s.key(),
              s.name().name(),
              s.name().description(),
              s.name().actions(),
              p.customers(),
              p.share(),
              orNull(p.recencyDays()),
              orNull(p.frequency()),
              orNull(p.monetary()),
              orNull(p.totalSales()),
              orNull(p.basketSpend()),
              orNull(p.basketItems()),
              orNull(p.distinctProducts()),
              orNull(p.cancellationRate()),
              p.profitPerCustomer(),
              runId));
    }
    StructType schema =
        new StructType()
            .add(CLUSTER_KEY, DataTypes.IntegerType, false)
            .add(SEGMENT_NAME, DataTypes.StringType)
            .add("description", DataTypes.StringType)
            .add(RECOMMENDED_ACTIONS, DataTypes.StringType)
            .add(CUSTOMER_COUNT, DataTypes.LongType)
            .add(CUSTOMER_SHARE, DataTypes.DoubleType)
            .add(AVG_RECENCY_DAYS, DataTypes.DoubleType)
            .add(AVG_FREQUENCY, DataTypes.DoubleType)
            .add(AVG_MONETARY, DataTypes.DoubleType)
            .add(TOTAL_SALES, DataTypes.DoubleType)
            .add(FeatureColumns.AVG_BASKET_SPEND, DataTypes.DoubleType)
            .add(FeatureColumns.AVG_BASKET_ITEMS, DataTypes.DoubleType)
            .add(AVG_DISTINCT_PRODUCTS, DataTypes.DoubleType)
            .add(AVG_CANCELLATION_RATE, DataTypes.DoubleType)
            .add(AVG_PROFIT, DataTypes.DoubleType)
            .add(RUN_ID, DataTypes.StringType);
    return spark
        .createDataFrame(rows, schema)
        .withColumn(AVG_MONETARY, col(AVG_MONETARY).cast(DataTypes.createDecimalType(18, 2)))
        .withColumn(TOTAL_SALES, col(TOTAL_SALES).cast(DataTypes.createDecimalType(18, 2)))
        .withColumn(
            FeatureColumns.AVG_BASKET_SPEND,
            col(FeatureColumns.AVG_BASKET_SPEND).cast(DataTypes.createDecimalType(18, 2)))
        .withColumn(AVG_PROFIT, col(AVG_PROFIT).cast(DataTypes.createDecimalType(18, 2)));
  }

  /** A measure the input lacks (NaN in the profile) is null in the table, not NaN. */
  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
