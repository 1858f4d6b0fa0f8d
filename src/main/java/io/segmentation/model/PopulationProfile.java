package io.segmentation.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The distribution of each KMeans feature over a population, as the shares of customers in ten
 * buckets (the population's own deciles), saved with the model ({@code PATH/population}) so a later
 * run or score can compute the population stability index (PSI) against it. Every figure comes from
 * Spark aggregations: a quantile sketch and one pass of bucket counts; only the edges and shares (a
 * few numbers per feature) reach the driver.
 *
 * @param edges per feature, the upper edges of every bucket but the last (ascending, distinct)
 * @param shares per feature, the share of customers per bucket ({@code edges.length + 1} of them)
 */
public record PopulationProfile(Map<String, double[]> edges, Map<String, double[]> shares) {
  private static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

  /** Empty buckets count as this share, so PSI stays finite. */
  private static final double FLOOR = 1e-4;

  private static final StructType SCHEMA =
      new StructType()
          .add("feature", DataTypes.StringType, false)
          .add("bucket", DataTypes.IntegerType, false)
          .add("upper_edge", DataTypes.DoubleType, true)
          .add("share", DataTypes.DoubleType, false);

  /** The value a feature is bucketed on: as the model sees it before capping (null = 0). */
  private static Column value(String feature) {
    return coalesce(col(feature).cast(DataTypes.DoubleType), lit(0.0));
  }

  /** Deciles of every feature over {@code population}, and the shares in them. */
  public static PopulationProfile of(Dataset<Row> population, List<String> features) {
    Dataset<Row> values =
        population.select(features.stream().map(f -> value(f).as(f)).toArray(Column[]::new));
    double[][] q = values.stat().approxQuantile(features.toArray(String[]::new), DECILES, 0.001);
    Map<String, double[]> edges = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      TreeSet<Double> distinct = new TreeSet<>();
      for (double v : q[i]) {
        distinct.add(v);
      }
      edges.put(features.get(i), distinct.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return new PopulationProfile(edges, sharesIn(population, edges));
  }

  /** The shares of {@code population} in this profile's buckets (for PSI against it). */
  public Map<String, double[]> sharesOf(Dataset<Row> population) {
    Map<String, double[]> present = new LinkedHashMap<>();
    List<String> columns = List.of(population.columns());
    edges.forEach(
        (f, e) -> {
          if (columns.contains(f)) {
            present.put(f, e);
          }
        });
    return sharesIn(population, present);
  }

  /** PSI per feature of {@code actual} shares against this profile's (features in both only). */
  public Map<String, Double> psi(Map<String, double[]> actual) {
    Map<String, Double> out = new LinkedHashMap<>();
    shares.forEach(
        (f, expected) -> {
          double[] a = actual.get(f);
          if (a != null && a.length == expected.length) {
            out.put(f, psi(expected, a));
          }
        });
    return out;
  }

  /** Population stability index: sum of (actual - expected) x ln(actual / expected). */
  public static double psi(double[] expected, double[] actual) {
    double sum = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], FLOOR);
      double a = Math.max(actual[i], FLOOR);
      sum += (a - e) * Math.log(a / e);
    }
    return sum;
  }

  /** One aggregation: the count per feature and bucket, as shares. */
  private static Map<String, double[]> sharesIn(
      Dataset<Row> population, Map<String, double[]> edges) {
    List<Column> buckets = new ArrayList<>();
    for (Map.Entry<String, double[]> e : edges.entrySet()) {
      Column bucket = lit(0);
      for (double edge : e.getValue()) {
        bucket = bucket.plus(when(value(e.getKey()).gt(edge), 1).otherwise(0));
      }
      buckets.add(bucket.as(e.getKey()));
    }
    List<Column> counts = new ArrayList<>();
    counts.add(count(lit(1)));
    for (Map.Entry<String, double[]> e : edges.entrySet()) {
      for (int b = 0; b <= e.getValue().length; b++) {
        counts.add(sum(when(col(e.getKey()).equalTo(b), 1L).otherwise(0L)));
      }
    }
    Row row =
        population
            .select(buckets.toArray(Column[]::new))
            .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
            .first();
    long total = row.getLong(0);
    Map<String, double[]> shares = new LinkedHashMap<>();
    int i = 1;
    for (Map.Entry<String, double[]> e : edges.entrySet()) {
      double[] s = new double[e.getValue().length + 1];
      for (int b = 0; b < s.length; b++) {
        s[b] = total == 0 ? 0 : row.getLong(i++) / (double) total;
      }
      shares.put(e.getKey(), s);
    }
    return shares;
  }

  public void save(SparkSession spark, String modelPath) {
    List<Row> rows = new ArrayList<>();
    edges.forEach(
        (f, e) -> {
          double[] s = shares.get(f);
          for (int b = 0; b < s.length; b++) {
            rows.add(RowFactory.create(f, b, b < e.length ? e[b] : null, s[b]));
          }
        });
    spark
        .createDataFrame(rows, SCHEMA)
        .coalesce(1)
        .write()
        .mode("overwrite")
        .json(modelPath + "/population");
  }

  /**
   * The profile saved with a model, or empty for models saved by a version that kept no profile.
   */
  public static Optional<PopulationProfile> load(SparkSession spark, String modelPath) {
    List<Row> rows;
    try {
      rows =
          spark
              .read()
              .schema(SCHEMA)
              .json(modelPath + "/population")
              .orderBy("feature", "bucket")
              .collectAsList();
    } catch (Exception e) { // AnalysisException (path missing) is checked but thrown undeclared
      return Optional.empty();
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<Row>> byFeature = new LinkedHashMap<>();
    rows.forEach(r -> byFeature.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r));
    Map<String, double[]> edges = new LinkedHashMap<>();
    Map<String, double[]> shares = new LinkedHashMap<>();
    byFeature.forEach(
        (f, rs) -> {
          edges.put(
              f,
              rs.stream().filter(r -> !r.isNullAt(2)).mapToDouble(r -> r.getDouble(2)).toArray());
          shares.put(f, rs.stream().mapToDouble(r -> r.getDouble(3)).toArray());
        });
    return Optional.of(new PopulationProfile(edges, shares));
  }
}
