package io.segmentation.model;

import static org.apache.spark.sql.functions.col;

import io.segmentation.schema.ModelColumns;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The customers the k search runs on, in the driver's memory: every customer up to {@code
 * model.sample-size} (one collect of the scaled vectors, 5-20 doubles each), a seeded random sample
 * of about that size beyond it. Drawn partition by partition from the ordered frame, so the same
 * data give the same sample on any cluster.
 */
final class KSample {
  private final double[][] points;
  private final long customers;

  private KSample(double[][] points, long customers) {
    this.points = points;
    this.customers = customers;
  }

  static KSample draw(Dataset<Row> scaled, long customers, int maxSize, long seed) {
    Dataset<Row> vectors = scaled.select(col(ModelColumns.SCALED));
    if (customers > maxSize) {
      vectors = vectors.sample(false, maxSize / (double) customers, seed);
    }
    List<Row> rows = vectors.collectAsList();
    double[][] points = new double[rows.size()][];
    for (int i = 0; i < points.length; i++) {
      points[i] = ((Vector) rows.get(i).get(0)).toArray();
    }
    return new KSample(points, customers);
  }

  double[][] points() {
    return points;
  }

  int size() {
    return points.length;
  }

  /** True when the sample is every customer. */
  boolean isEveryone() {
    return points.length == customers;
  }

  /** A sum of squares on the sample, scaled to the whole population. */
  double populationCost(double sampleCost) {
    return sampleCost * customers / points.length;
  }

  /** Distinct points of the sample. */
  long distinct() {
    Set<List<Double>> seen = new HashSet<>();
    for (double[] p : points) {
      seen.add(Arrays.stream(p).boxed().toList());
    }
    return seen.size();
  }
}
