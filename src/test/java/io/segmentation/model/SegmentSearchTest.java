package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.config.ConfigLoader;
import io.segmentation.config.JobConfig;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The k search on hand-made customer features with four well-separated groups. */
@Tag("spark")
class SegmentSearchTest extends SparkTestBase {
  static Dataset<Row> features;

  @BeforeAll
  static void blobs() {
    StructType schema = new StructType().add(FeatureColumns.CUSTOMER_ID, DataTypes.StringType);
    for (String f : FeatureColumns.NUMERIC) {
      schema = schema.add(f, DataTypes.DoubleType);
    }
    double[][] centres = {
      {5, 30, 5000, 300, 0}, {30, 8, 600, 80, 0}, {250, 1, 20, 20, 0}, {40, 8, 500, 70, 0.4}
    };
    Random rnd = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      double[] c = centres[i % 4];
      Object[] v = new Object[FeatureColumns.NUMERIC.size() + 1];
      v[0] = "c" + i;
      for (int f = 0; f < FeatureColumns.NUMERIC.size(); f++) {
        v[f + 1] = 0.0;
      }
      v[1 + FeatureColumns.NUMERIC.indexOf(FeatureColumns.RECENCY_DAYS)] =
          c[0] * (0.9 + 0.2 * rnd.nextDouble());
      v[1 + FeatureColumns.NUMERIC.indexOf(FeatureColumns.FREQUENCY)] =
          Math.max(1, c[1] * (0.9 + 0.2 * rnd.nextDouble()));
      v[1 + FeatureColumns.NUMERIC.indexOf(FeatureColumns.MONETARY_NET)] =
          c[2] * (0.9 + 0.2 * rnd.nextDouble());
      v[1 + FeatureColumns.NUMERIC.indexOf(FeatureColumns.AVG_BASKET_SPEND)] =
          c[3] * (0.9 + 0.2 * rnd.nextDouble());
      v[1 + FeatureColumns.NUMERIC.indexOf(FeatureColumns.CANCELLATION_RATE)] =
          c[4] == 0 ? 0.0 : c[4] * (0.9 + 0.2 * rnd.nextDouble());
      rows.add(RowFactory.create(v));
    }
    features = spark().createDataFrame(rows, schema).cache();
  }

  private static SegmentSearch.Result search(String... sets) {
    JobConfig c = ConfigLoader.load(Optional.empty(), List.of(sets), Map.of());
    return new SegmentSearch(c, c.features().invoiceFeatureSet()).run(features);
  }

  @Test
  void findsTheFourGroupsAndScoresEveryK() {
    SegmentSearch.Result r = search("model.k-min=3", "model.k-max=6");
    assertThat(r.candidates()).extracting(KCandidate::k).containsExactly(3, 4, 5, 6);
    assertThat(r.chosen().k()).isEqualTo(4);
    assertThat(r.chosen().smallestShare()).isEqualTo(0.25);
    assertThat(r.customers()).isEqualTo(240);
  }

  @Test
  void restartsNeverDoWorseThanOneStart() {
    Map<Integer, Double> one = wssse(search("model.k-min=4", "model.k-max=5", "model.seed=11"));
    Map<Integer, Double> three =
        wssse(search("model.k-min=4", "model.k-max=5", "model.seed=11", "model.restarts=3"));
    one.forEach((k, w) -> assertThat(three.get(k)).as("k=%d", k).isLessThanOrEqualTo(w + 1e-9));
  }

  @Test
  void sameInputAndSeedGiveTheSameModel() {
    SegmentSearch.Result a = search("model.k=4");
    SegmentSearch.Result b = search("model.k=4");
    assertThat(a.chosen()).isEqualTo(b.chosen());
    assertThat(SegmentAssigner.kmeans(a.model()).clusterCenters())
        .isEqualTo(SegmentAssigner.kmeans(b.model()).clusterCenters());
  }

  @Test
  void theChosenSilhouetteIsSparksOnEveryCustomer() {
    for (String sampleSize : List.of("model.sample-size=200000", "model.sample-size=100")) {
      SegmentSearch.Result r = search("model.k-min=3", "model.k-max=5", sampleSize);
      double spark =
          new ClusteringEvaluator()
              .setFeaturesCol(ModelColumns.SCALED)
              .setPredictionCol(ModelColumns.CLUSTER_INDEX)
              .setDistanceMeasure("squaredEuclidean")
              .evaluate(r.model().transform(features));
      assertThat(r.chosen().silhouette()).as(sampleSize).isCloseTo(spark, within(1e-9));
      assertThat(r.chosen().k()).as(sampleSize).isEqualTo(4);
    }
  }

  @Test
  void theSearchRunsOnASampleBeyondTheSampleSize() {
    SegmentSearch.Result all = search("model.k=4");
    SegmentSearch.Result sampled = search("model.k=4", "model.sample-size=100");
    assertThat(all.sampled()).isEqualTo(240);
    // A Bernoulli sample of about 100 of the 240.
    assertThat(sampled.sampled()).isBetween(60L, 140L);
    assertThat(sampled.describe(List.of(4))).contains("on a sample of");
    assertThat(all.describe(List.of(4))).contains("on all of them");
    // The four groups are found either way.
    assertThat(sampled.chosen().smallestShare()).isEqualTo(0.25);
  }

  private static Map<Integer, Double> wssse(SegmentSearch.Result r) {
    Map<Integer, Double> m = new HashMap<>();
    r.candidates().forEach(c -> m.put(c.k(), c.wssse()));
    return m;
  }
}
