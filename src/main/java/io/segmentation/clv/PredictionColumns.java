package io.segmentation.clv;

import static io.segmentation.schema.ClvColumns.*;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.when;

import io.segmentation.schema.InvoiceColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-customer predictions as Spark columns over {@link ClvSummaries}, from fitted parameters.
 * P(alive), the expected order value and the value are built-in column expressions. The
 * hypergeometric series of the expected purchases depends on (x, T) only: it is summed on the
 * driver, with the tested {@link Hypergeometric} code, once per distinct (x, T) (their number is
 * bounded by the days of history times the largest x, not by the customers) and joined back as a
 * broadcast table; a series per customer in column expressions would cost hundreds of interpreted
 * terms per customer and horizon.
 */
final class PredictionColumns {
  private static final String E90 = "_if_alive_90d";
  private static final String E365 = "_if_alive_365d";
  private static final String D365 = "_if_alive_discounted_365d";

  /** Money columns: DECIMAL(18,2), as every money column of the tables. */
  static final DataType MONEY = DataTypes.createDecimalType(18, 2);

  private PredictionColumns() {}

  /** The output schema: customer_id and the prediction columns. */
  static StructType schema() {
    return new StructType()
        .add(InvoiceColumns.CUSTOMER_ID, DataTypes.StringType)
        .add(P_ALIVE, DataTypes.DoubleType)
        .add(EXPECTED_PURCHASES_90D, DataTypes.DoubleType)
        .add(EXPECTED_PURCHASES_365D, DataTypes.DoubleType)
        .add(EXPECTED_ORDER_VALUE, MONEY)
        .add(CLV_365D, MONEY);
  }

  /**
   * The predictions per customer of {@code summaries}; expected order value and value are NULL
   * without a Gamma-Gamma fit with a mean (q > 1).
   *
   * @param histories the distinct (x, T) of the summaries
   */
  static Dataset<Row> predict(
      Dataset<Row> summaries,
      List<double[]> histories,
      PurchaseModel model,
      NbdParameters p,
      Optional<GammaGammaParameters> gg,
      double monthlyDiscountRate,
      double margin) {
    List<Row> rows = new ArrayList<>(histories.size());
    for (double[] h : histories) {
      LifetimeValue.Factors f = LifetimeValue.ifAlive(model, p, h[0], h[1], monthlyDiscountRate);
      rows.add(
          RowFactory.create(
              (int) h[0], h[1], f.purchases90d(), f.purchases365d(), f.discounted365d()));
    }
    StructType factorSchema =
        new StructType()
            .add(REPEAT_PURCHASES, DataTypes.IntegerType)
            .add(OBSERVED_DAYS, DataTypes.DoubleType)
            .add(E90, DataTypes.DoubleType)
            .add(E365, DataTypes.DoubleType)
            .add(D365, DataTypes.DoubleType);
    SparkSession spark = summaries.sparkSession();
    Dataset<Row> factors = spark.createDataFrame(rows, factorSchema);
    Dataset<Row> joined =
        summaries.join(broadcast(factors), new String[] {REPEAT_PURCHASES, OBSERVED_DAYS});

    Column alive = probabilityAlive(model, p);
    Column orderValue =
        gg.filter(GammaGammaParameters::hasMean)
            .map(PredictionColumns::orderValue)
            .orElse(lit(null).cast(DataTypes.DoubleType));
    Column value = orderValue.multiply(alive).multiply(col(D365)).multiply(margin);
    return joined.select(
        col(InvoiceColumns.CUSTOMER_ID),
        finite(alive).as(P_ALIVE),
        finite(alive.multiply(col(E90))).as(EXPECTED_PURCHASES_90D),
        finite(alive.multiply(col(E365))).as(EXPECTED_PURCHASES_365D),
        money(orderValue).as(EXPECTED_ORDER_VALUE),
        money(value).as(CLV_365D));
  }

  /** Every customer of {@code summaries} with NULL predictions: no usable fit. */
  static Dataset<Row> unknown(Dataset<Row> summaries) {
    return summaries.select(
        col(InvoiceColumns.CUSTOMER_ID),
        lit(null).cast(DataTypes.DoubleType).as(P_ALIVE),
        lit(null).cast(DataTypes.DoubleType).as(EXPECTED_PURCHASES_90D),
        lit(null).cast(DataTypes.DoubleType).as(EXPECTED_PURCHASES_365D),
        lit(null).cast(MONEY).as(EXPECTED_ORDER_VALUE),
        lit(null).cast(MONEY).as(CLV_365D));
  }

  /**
   * P(alive) = 1 / (1 + e^u), u = log(a / (b + x - 1 + s)) + (r + x) log((alpha + T) / (alpha +
   * t_x)), s = 1 for MBG/NBD and 0 for BG/NBD (where x = 0 means alive). An overflow of e^u gives
   * 0, as it should.
   */
  private static Column probabilityAlive(PurchaseModel model, NbdParameters p) {
    boolean modified = model instanceof ModifiedBgNbd;
    Column x = col(REPEAT_PURCHASES).cast(DataTypes.DoubleType);
    Column ratio =
        lit(p.alpha()).plus(col(OBSERVED_DAYS)).divide(lit(p.alpha()).plus(col(LAST_PURCHASE_DAY)));
    Column u =
        log(lit(p.a()).divide(x.plus(p.b() - (modified ? 0 : 1))))
            .plus(x.plus(p.r()).multiply(log(ratio)));
    Column alive = lit(1.0).divide(lit(1.0).plus(exp(u)));
    return modified ? alive : when(x.equalTo(0), lit(1.0)).otherwise(alive);
  }

  /**
   * Gamma-Gamma: (1 - w) p gamma / (q - 1) + w m, w = p x / (p x + q - 1), for a customer with a
   * positive mean repeat value m; the population mean p gamma / (q - 1) for the others.
   */
  private static Column orderValue(GammaGammaParameters g) {
    Column x = col(REPEAT_PURCHASES).cast(DataTypes.DoubleType);
    Column m = col(MEAN_REPEAT_VALUE);
    double populationMean = g.p() * g.gamma() / (g.q() - 1);
    Column weight = x.multiply(g.p()).divide(x.multiply(g.p()).plus(g.q() - 1));
    Column hasRepeatValue = x.gt(0).and(m.gt(0));
    return when(
            hasRepeatValue,
            lit(1.0).minus(weight).multiply(populationMean).plus(weight.multiply(m)))
        .otherwise(lit(populationMean));
  }

  /**
   * A money column: DECIMAL(18,2), NULL beyond its range (a cast would fail the job in ANSI mode,
   * or silently give NULL without it).
   */
  private static Column money(Column c) {
    Column v = finite(c);
    return when(abs(v).lt(MAX_MONEY), v).cast(MONEY);
  }

  /** The largest magnitude DECIMAL(18,2) holds, about. */
  private static final double MAX_MONEY = 9.9e15;

  /** NULL instead of NaN or an infinity (never in a table); tiny negative rounding becomes 0. */
  private static Column finite(Column c) {
    Column bad = isnan(c).or(abs(c).equalTo(lit(Double.POSITIVE_INFINITY)));
    return when(bad, lit(null).cast(DataTypes.DoubleType)).otherwise(greatest(c, lit(0.0)));
  }
}
