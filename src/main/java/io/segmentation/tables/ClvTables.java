package io.segmentation.tables;

import static io.segmentation.schema.ClvColumns.*;
import static io.segmentation.tables.ClvTableSpecs.*;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.segmentation.clv.ClvFits;
import io.segmentation.clv.GammaGammaParameters;
import io.segmentation.clv.NbdParameters;
import io.segmentation.schema.FeatureColumns;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The lifetime-value parts of the tables: the per-customer predictions joined to fact_clustering
 * (and scored_customers), the per-segment totals of dim_cluster, and the clv_model row. A customer
 * or segment without predictions gets NULLs.
 */
public final class ClvTables {
  private ClvTables() {}

  /**
   * {@code customers} (customer_id and more) with the prediction columns of {@code predictions}
   * (customer_id, p_alive, ...): NULL for a customer without a prediction. Existing prediction
   * columns of {@code customers} are replaced.
   */
  public static Dataset<Row> withPredictions(Dataset<Row> customers, Dataset<Row> predictions) {
    Dataset<Row> values =
        predictions.select(
            col(FeatureColumns.CUSTOMER_ID),
            col(P_ALIVE),
            col(EXPECTED_PURCHASES_90D),
            col(EXPECTED_PURCHASES_365D),
            col(EXPECTED_ORDER_VALUE),
            col(CLV_365D));
    return customers
        .drop(PREDICTIONS.toArray(String[]::new))
        .join(values, FeatureColumns.CUSTOMER_ID, "left");
  }

  /** {@code customers} with NULL prediction columns: no parameters to predict with. */
  public static Dataset<Row> withoutPredictions(Dataset<Row> customers) {
    DataType money = DataTypes.createDecimalType(18, 2);
    return customers
        .withColumn(P_ALIVE, lit(null).cast(DataTypes.DoubleType))
        .withColumn(EXPECTED_PURCHASES_90D, lit(null).cast(DataTypes.DoubleType))
        .withColumn(EXPECTED_PURCHASES_365D, lit(null).cast(DataTypes.DoubleType))
        .withColumn(EXPECTED_ORDER_VALUE, lit(null).cast(money))
        .withColumn(CLV_365D, lit(null).cast(money));
  }

  /**
   * dim_cluster with the per-segment totals over {@code segmentKeys} (customer_id, cluster_key of
   * the segmented customers) and their predictions: sums of p_alive, expected_purchases_365d and
   * clv_365d, and the mean clv_365d. Rows without segmented customers (the unknown member, retired
   * segments) get NULLs.
   */
  public static Dataset<Row> withSegmentTotals(
      Dataset<Row> dimCluster, Dataset<Row> segmentKeys, Dataset<Row> predictions) {
    Dataset<Row> totals =
        withPredictions(segmentKeys, predictions)
            .groupBy(col(Tables.CLUSTER_KEY))
            .agg(
                sum(col(P_ALIVE)).as(EXPECTED_ALIVE_CUSTOMERS),
                sum(col(EXPECTED_PURCHASES_365D)).as(EXPECTED_PURCHASES_365D),
                sum(col(CLV_365D)).cast(DataTypes.createDecimalType(18, 2)).as(CLV_365D_TOTAL),
                avg(col(CLV_365D)).cast(DataTypes.createDecimalType(18, 2)).as(CLV_365D_MEAN));
    List<String> added =
        List.of(EXPECTED_ALIVE_CUSTOMERS, EXPECTED_PURCHASES_365D, CLV_365D_TOTAL, CLV_365D_MEAN);
    Dataset<Row> dim =
        Arrays.asList(dimCluster.columns()).stream().anyMatch(added::contains)
            ? dimCluster.drop(added.toArray(String[]::new))
            : dimCluster;
    return dim.join(totals, Tables.CLUSTER_KEY, "left");
  }

  /** The clv_model row of a run: NULL where a fit or the holdout check has no figure. */
  public static Dataset<Row> clvModel(SparkSession spark, String runId, ClvFits f) {
    Optional<NbdParameters> p = f.purchases().parameters();
    Optional<GammaGammaParameters> g = f.orderValues().parameters();
    Row row =
        RowFactory.create(
            runId,
            f.model().configName(),
            ClvFits.TIME_UNIT,
            f.fitCustomers(),
            p.map(NbdParameters::r).orElse(null),
            p.map(NbdParameters::alpha).orElse(null),
            p.map(NbdParameters::a).orElse(null),
            p.map(NbdParameters::b).orElse(null),
            orNull(f.purchases().logLikelihood()),
            g.map(GammaGammaParameters::p).orElse(null),
            g.map(GammaGammaParameters::q).orElse(null),
            g.map(GammaGammaParameters::gamma).orElse(null),
            orNull(f.orderValues().logLikelihood()),
            (long) f.orderValues().customers(),
            f.holdoutDays().orElse(null),
            orNull(f.holdoutMae()),
            f.status(),
            f.message());
    StructType schema =
        new StructType()
            .add(Tables.RUN_ID, DataTypes.StringType, false)
            .add(MODEL, DataTypes.StringType)
            .add(TIME_UNIT, DataTypes.StringType)
            .add(Tables.CUSTOMERS, DataTypes.LongType)
            .add(R, DataTypes.DoubleType)
            .add(ALPHA, DataTypes.DoubleType)
            .add(A, DataTypes.DoubleType)
            .add(B, DataTypes.DoubleType)
            .add(LOG_LIKELIHOOD, DataTypes.DoubleType)
            .add(GG_P, DataTypes.DoubleType)
            .add(GG_Q, DataTypes.DoubleType)
            .add(GG_GAMMA, DataTypes.DoubleType)
            .add(GG_LOG_LIKELIHOOD, DataTypes.DoubleType)
            .add(GG_CUSTOMERS, DataTypes.LongType)
            .add(HOLDOUT_DAYS, DataTypes.IntegerType)
            .add(HOLDOUT_MAE, DataTypes.DoubleType)
            .add(Tables.STATUS, DataTypes.StringType)
            .add(MESSAGE, DataTypes.StringType);
    return spark.createDataFrame(List.of(row), schema);
  }

  /** A figure, or null when it is absent or not finite (never a NaN in a table). */
  private static Double orNull(OptionalDouble v) {
    return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v.getAsDouble() : null;
  }
}
