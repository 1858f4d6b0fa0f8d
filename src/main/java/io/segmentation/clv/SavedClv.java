package io.segmentation.clv;

import io.segmentation.config.ClvModel;
import io.segmentation.config.JobConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The lifetime-value parameters saved with a segmentation model ({@code PATH/clv}, one JSON row),
 * so {@code score} predicts with the run's fits instead of refitting. Empty parameters (a failed or
 * disabled fit) are saved as nulls.
 */
public record SavedClv(
    ClvModel model, Optional<NbdParameters> purchases, Optional<GammaGammaParameters> orderValues) {

  private static final String FOLDER = "/clv";
  private static final StructType SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("r", DataTypes.DoubleType)
          .add("alpha", DataTypes.DoubleType)
          .add("a", DataTypes.DoubleType)
          .add("b", DataTypes.DoubleType)
          .add("p", DataTypes.DoubleType)
          .add("q", DataTypes.DoubleType)
          .add("gamma", DataTypes.DoubleType);

  /** The parameters of a run's fits. */
  public static SavedClv of(ClvFits fits) {
    return new SavedClv(
        fits.model(), fits.purchases().parameters(), fits.orderValues().parameters());
  }

  public void save(SparkSession spark, String modelPath) {
    NbdParameters p = purchases.orElse(null);
    GammaGammaParameters g = orderValues.orElse(null);
    Row row =
        RowFactory.create(
            model.configName(),
            p == null ? null : p.r(),
            p == null ? null : p.alpha(),
            p == null ? null : p.a(),
            p == null ? null : p.b(),
            g == null ? null : g.p(),
            g == null ? null : g.q(),
            g == null ? null : g.gamma());
    spark
        .createDataFrame(List.of(row), SCHEMA)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .json(modelPath + FOLDER);
  }

  /** The parameters saved with a model; empty for a model saved without them. */
  public static Optional<SavedClv> load(SparkSession spark, String modelPath) {
    List<Row> rows;
    try {
      rows = spark.read().schema(SCHEMA).json(modelPath + FOLDER).collectAsList();
    } catch (Exception e) { // no folder: a model saved by a version without CLV parameters
      return Optional.empty();
    }
    if (rows.isEmpty() || rows.get(0).isNullAt(0)) {
      return Optional.empty();
    }
    Row r = rows.get(0);
    Optional<NbdParameters> p =
        r.isNullAt(1)
            ? Optional.empty()
            : Optional.of(
                new NbdParameters(r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4)));
    Optional<GammaGammaParameters> g =
        r.isNullAt(5)
            ? Optional.empty()
            : Optional.of(new GammaGammaParameters(r.getDouble(5), r.getDouble(6), r.getDouble(7)));
    ClvModel model = ClvModel.valueOf(r.getString(0).toUpperCase(Locale.ROOT));
    return Optional.of(new SavedClv(model, p, g));
  }

  /** {@code config} with this model's repeat-purchase model (discount rate and margin kept). */
  public JobConfig.Clv configFor(JobConfig.Clv config) {
    return new JobConfig.Clv(
        config.enabled(),
        model,
        config.maxFitCustomers(),
        config.holdoutDays(),
        config.monthlyDiscountRate(),
        config.margin());
  }
}
