package io.segmentation.summary;

import static org.apache.spark.sql.functions.col;

import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.ProfileColumns;
import io.segmentation.tables.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the HTML report plots beyond the run summary, taken from the run's own frames: the z-score
 * matrix of {@code segment_profile} (segments x features, small) and a bounded random sample of at
 * most {@value #SAMPLE_SIZE} customers' recency, frequency and monetary value with their segment
 * (values and segment only: no customer ids reach the driver).
 *
 * @param z z-score per segment (in {@code segments} order) and feature (in {@code features} order)
 */
public record ReportData(
    List<String> segments, List<String> features, double[][] z, List<Point> sample) {
  public static final int SAMPLE_SIZE = 1_000;

  /** One sampled customer. */
  public record Point(String segment, double recencyDays, double frequency, double monetary) {}

  /**
   * From the run's frames, before their caches are dropped: {@code segmentProfile} shaped like
   * {@code segment_profile} and {@code clustering} with fact_clustering's segment name, recency,
   * frequency and monetary columns. (Reading the written tables back cost two Delta snapshots and
   * four Spark jobs: 2 s of the real data's run.)
   */
  public static ReportData from(
      Dataset<Row> segmentProfile, Dataset<Row> clustering, long customers) {
    Map<String, Map<String, Double>> bySegment = new LinkedHashMap<>();
    List<String> features = new ArrayList<>();
    List<Row> profile =
        segmentProfile
            .select(
                col(Tables.CLUSTER_KEY),
                col(Tables.SEGMENT_NAME),
                col(ProfileColumns.FEATURE),
                col(ProfileColumns.Z_SCORE))
            .orderBy(col(Tables.CLUSTER_KEY), col(ProfileColumns.FEATURE))
            .collectAsList();
    for (Row r : profile) {
      String feature = r.getString(2);
      if (!features.contains(feature)) {
        features.add(feature);
      }
      bySegment
          .computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
          .put(feature, r.isNullAt(3) ? 0.0 : r.getDouble(3));
    }
    List<String> segments = new ArrayList<>(bySegment.keySet());
    double[][] z = new double[segments.size()][features.size()];
    for (int s = 0; s < segments.size(); s++) {
      for (int f = 0; f < features.size(); f++) {
        z[s][f] = bySegment.get(segments.get(s)).getOrDefault(features.get(f), 0.0);
      }
    }
    double fraction = Math.min(1.0, 1.5 * SAMPLE_SIZE / Math.max(1, customers));
    List<Point> sample = new ArrayList<>();
    for (Row r :
        clustering
            .select(
                col(Tables.SEGMENT_NAME),
                col(FeatureColumns.RECENCY_DAYS).cast("double"),
                col(FeatureColumns.FREQUENCY).cast("double"),
                col(FeatureColumns.MONETARY_NET).cast("double"))
            .na()
            .drop()
            .sample(false, fraction, 7)
            .limit(SAMPLE_SIZE)
            .collectAsList()) {
      sample.add(new Point(r.getString(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)));
    }
    return new ReportData(segments, features, z, sample);
  }
}
