package io.segmentation.model;

import static org.apache.spark.sql.functions.col;

import io.segmentation.schema.ModelColumns;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * KMeans started from given centroids ({@code model.warm-start}). Spark 4.1's {@code
 * ml.clustering.KMeans} has no initial-model parameter (its {@code initMode} is only random or
 * k-means||); the RDD-based {@code mllib.clustering.KMeans} has {@code setInitialModel}, and its
 * model is wrapped in an {@code ml} {@link KMeansModel} so the pipeline, its saving and scoring
 * stay as they are. A wrapped model has no training summary: its cost and sizes are computed here.
 */
final class WarmStart {
  private WarmStart() {}

  /**
   * The previous model's centroids in this run's scaled space, when its KMeans inputs are this
   * run's and its k is tried.
   */
  static Optional<Vector[]> centers(
      PipelineModel previous, PipelineModel prep, List<Integer> kValues) {
    Vector[] old = SegmentAssigner.kmeans(previous).clusterCenters();
    if (!kValues.contains(old.length) || !Arrays.equals(inputs(previous), inputs(prep))) {
      return Optional.empty();
    }
    StandardScalerModel before = scaler(previous);
    StandardScalerModel now = scaler(prep);
    if (before == null || now == null) {
      return Optional.empty();
    }
    double[] mean0 = before.mean().toArray();
    double[] std0 = before.std().toArray();
    double[] mean1 = now.mean().toArray();
    double[] std1 = now.std().toArray();
    Vector[] out = new Vector[old.length];
    for (int c = 0; c < old.length; c++) {
      double[] v = old[c].toArray();
      double[] w = new double[v.length];
      for (int d = 0; d < v.length; d++) {
        double raw = v[d] * std0[d] + mean0[d];
        w[d] = std1[d] == 0 ? 0.0 : (raw - mean1[d]) / std1[d];
      }
      out[c] = Vectors.dense(w);
    }
    return Optional.of(out);
  }

  /** KMeans on the scaled vectors from {@code initial}. */
  static KMeansModel fit(Dataset<Row> scaled, Vector[] initial, long seed, int maxIter) {
    JavaRDD<org.apache.spark.mllib.linalg.Vector> points =
        scaled
            .select(col(ModelColumns.SCALED))
            .toJavaRDD()
            .map(r -> org.apache.spark.mllib.linalg.Vectors.fromML((Vector) r.get(0)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      org.apache.spark.mllib.linalg.Vector[] start =
          Arrays.stream(initial)
              .map(org.apache.spark.mllib.linalg.Vectors::fromML)
              .toArray(org.apache.spark.mllib.linalg.Vector[]::new);
      org.apache.spark.mllib.clustering.KMeansModel fitted =
          new KMeans()
              .setK(initial.length)
              .setMaxIterations(maxIter)
              .setSeed(seed)
              .setInitialModel(new org.apache.spark.mllib.clustering.KMeansModel(start))
              .run(points.rdd());
      KMeansModel model = new KMeansModel(Identifiable.randomUID("kmeans"), fitted);
      model = model.copy(new ParamMap().put(model.k().w(initial.length)));
      COSTS.put(model.uid(), fitted.trainingCost());
      return model.setFeaturesCol(ModelColumns.SCALED).setPredictionCol(ModelColumns.CLUSTER_INDEX);
    } finally {
      points.unpersist(false);
    }
  }

  private static final Map<String, Double> COSTS = new ConcurrentHashMap<>();

  /** The model's within-cluster sum of squares. */
  static double cost(KMeansModel model) {
    return model.hasSummary()
        ? model.summary().trainingCost()
        : COSTS.getOrDefault(model.uid(), Double.NaN);
  }

  /** Customers per cluster index (from the summary, else one aggregation of {@code predicted}). */
  static long[] sizes(KMeansModel model, Dataset<Row> predicted, int k) {
    if (model.hasSummary()) {
      return model.summary().clusterSizes();
    }
    long[] sizes = new long[k];
    for (Row r : predicted.groupBy(col(ModelColumns.CLUSTER_INDEX)).count().collectAsList()) {
      sizes[r.getInt(0)] = r.getLong(1);
    }
    return sizes;
  }

  private static String[] inputs(PipelineModel model) {
    for (Transformer t : model.stages()) {
      if (t instanceof VectorAssembler a) {
        return a.getInputCols();
      }
    }
    return new String[0];
  }

  private static StandardScalerModel scaler(PipelineModel model) {
    for (Transformer t : model.stages()) {
      if (t instanceof StandardScalerModel s) {
        return s;
      }
    }
    return null;
  }
}
