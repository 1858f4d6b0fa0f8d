package io.segmentation.model;

import io.segmentation.schema.FeatureSet;
import io.segmentation.schema.ModelColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The model-input part of the segmentation pipeline: cap each KMeans feature at the configured
 * percentile (outliers must not capture whole segments), log1p the skewed ones, assemble, then
 * standard-scale. The caps are computed once with Spark's approximate quantiles and baked into a
 * {@link SQLTransformer}, so a saved model applies the same caps when scoring.
 */
public final class FeatureTransforms {
  private static final double QUANTILE_ERROR = 0.001;

  private FeatureTransforms() {}

  /** Builds the unfitted stages (transform, assemble, scale) for these features. */
  public static PipelineStage[] stages(
      Dataset<Row> features, FeatureSet set, double capPercentile) {
    List<String> names = set.kmeans();
    double[] caps = caps(features, names, capPercentile);
    List<String> selects = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String value = String.format(Locale.ROOT, "CAST(COALESCE(`%s`, 0) AS DOUBLE)", name);
      if (!Double.isNaN(caps[i])) {
        value =
            String.format(
                Locale.ROOT, "LEAST(%s, CAST(%s AS DOUBLE))", value, Double.toString(caps[i]));
      }
      if (set.log1p().contains(name)) {
        value = String.format(Locale.ROOT, "LN(1 + GREATEST(%s, 0))", value);
      }
      String out = ModelColumns.INPUT_PREFIX + name;
      selects.add(value + " AS `" + out + "`");
      inputs.add(out);
    }
    SQLTransformer transform =
        new SQLTransformer()
            .setStatement("SELECT *, " + String.join(", ", selects) + " FROM __THIS__");
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(inputs.toArray(String[]::new))
            .setOutputCol(ModelColumns.ASSEMBLED);
    StandardScaler scaler =
        new StandardScaler()
            .setInputCol(assembler.getOutputCol())
            .setOutputCol(ModelColumns.SCALED)
            .setWithMean(true)
            .setWithStd(true);
    return new PipelineStage[] {transform, assembler, scaler};
  }

  /** A pipeline of {@link #stages}. */
  public static Pipeline pipeline(Dataset<Row> features, FeatureSet set, double capPercentile) {
    return new Pipeline().setStages(stages(features, set, capPercentile));
  }

  private static double[] caps(Dataset<Row> features, List<String> names, double percentile) {
    double[] caps = new double[names.size()];
    Arrays.fill(caps, Double.NaN);
    if (percentile <= 0 || percentile >= 1) {
      return caps;
    }
    Dataset<Row> numeric = features;
    for (String name : names) {
      numeric = numeric.withColumn(name, numeric.col(name).cast("double"));
    }
    double[][] quantiles =
        numeric
            .stat()
            .approxQuantile(
                names.toArray(String[]::new), new double[] {percentile}, QUANTILE_ERROR);
    for (int i = 0; i < names.size(); i++) {
      if (quantiles[i].length == 1) {
        caps[i] = quantiles[i][0];
      }
    }
    return caps;
  }
}
