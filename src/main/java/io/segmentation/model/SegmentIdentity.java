package io.segmentation.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which segment of this run is which segment of the previous run. Pure: no Spark, unit
 * tested.
 *
 * <p>The cost of pairing previous segment {@code i} with current segment {@code j} is the distance
 * between their centroids in the previous run's scaled space (standard deviations of the previous
 * population) plus {@code overlapWeight x (1 - Jaccard)} of the customers both runs segmented. The
 * optimal one-to-one pairing ({@link Hungarian}) is kept where the centroids are within {@code
 * maxCentroidDistance} or the customers overlap by at least {@code minOverlap}. A kept pair is
 * <em>continuing</em> (the current segment takes the previous key); a current segment left over is
 * <em>new</em> and gets a key never used before (largest key ever + 1, in order of spend); a
 * previous segment left over is <em>retired</em>.
 */
public final class SegmentIdentity {
  private SegmentIdentity() {}

  /** Status of a segment in dim_cluster. */
  public enum Status {
    CONTINUING,
    NEW,
    RETIRED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The thresholds ({@code identity.*}). */
  public record Settings(double maxCentroidDistance, double minOverlap, double overlapWeight) {}

  /** A segment of the previous run: its key, name, centroid in its own scaled space and size. */
  public record Previous(int key, String name, double[] centroid, long customers) {}

  /**
   * A segment of this run.
   *
   * @param centroid its centroid in the previous run's scaled space, or null when the feature set
   *     changed (then only the customer overlap decides)
   */
  public record Current(
      int clusterIndex, double[] centroid, long customers, double monetary, double recencyDays) {}

  /**
   * Where a current segment came from.
   *
   * @param previousKey the matched previous key; for a new segment the previous segment most of its
   *     customers come from (or the nearest one), null without any previous segment
   * @param centroidShift distance to the matched previous centroid (NaN unless continuing or
   *     without centroids)
   * @param overlap Jaccard overlap of the common customers with the previous segment (NaN when no
   *     customer is in both runs)
   */
  public record Match(
      int clusterIndex,
      int key,
      Status status,
      Integer previousKey,
      String previousName,
      double centroidShift,
      double overlap) {}

  /** The outcome: one match per current segment (by cluster index) and the retired segments. */
  public record Result(Map<Integer, Match> byIndex, List<Previous> retired) {
    public long count(Status status) {
      return byIndex.values().stream().filter(m -> m.status() == status).count();
    }
  }

  /**
   * @param overlap {@code overlap[i][j]}: customers in previous segment i and current segment j
   *     (only customers both runs segmented); null when unknown
   * @param largestKeyEver the largest cluster key any earlier run used (0 when none)
   */
  public static Result match(
      List<Previous> previous,
      List<Current> current,
      long[][] overlap,
      int largestKeyEver,
      Settings settings) {
    int n = previous.size();
    int m = current.size();
    double[][] distance = new double[n][m];
    double[][] jaccard = jaccard(overlap, n, m);
    double[][] cost = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double[] a = previous.get(i).centroid();
        double[] b = current.get(j).centroid();
        distance[i][j] =
            a == null || b == null || a.length != b.length ? Double.NaN : euclidean(a, b);
        double c = 0;
        if (!Double.isNaN(distance[i][j])) {
          c += distance[i][j];
        }
        if (!Double.isNaN(jaccard[i][j])) {
          c += settings.overlapWeight() * (1 - jaccard[i][j]);
        }
        cost[i][j] = c;
      }
    }
    int[] pairing = Hungarian.assign(cost);
    Map<Integer, Match> byIndex = new LinkedHashMap<>();
    boolean[] kept = new boolean[n];
    for (int i = 0; i < n; i++) {
      int j = pairing[i];
      if (j < 0) {
        continue;
      }
      boolean close =
          !Double.isNaN(distance[i][j]) && distance[i][j] <= settings.maxCentroidDistance();
      boolean shared = !Double.isNaN(jaccard[i][j]) && jaccard[i][j] >= settings.minOverlap();
      if (close || shared) {
        kept[i] = true;
        Previous p = previous.get(i);
        Current c = current.get(j);
        byIndex.put(
            c.clusterIndex(),
            new Match(
                c.clusterIndex(),
                p.key(),
                Status.CONTINUING,
                p.key(),
                p.name(),
                distance[i][j],
                jaccard[i][j]));
      }
    }
    List<Integer> fresh = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      if (!byIndex.containsKey(current.get(j).clusterIndex())) {
        fresh.add(j);
      }
    }
    // New keys in order of spend (as a first run numbers them), never reusing a key.
    fresh.sort(
        Comparator.<Integer>comparingDouble(j -> -current.get(j).monetary())
            .thenComparingDouble(j -> current.get(j).recencyDays()));
    int next =
        Math.max(largestKeyEver, previous.stream().mapToInt(Previous::key).max().orElse(0)) + 1;
    for (int j : fresh) {
      Current c = current.get(j);
      int origin = origin(previous, distance, overlap, j);
      Previous from = origin < 0 ? null : previous.get(origin);
      byIndex.put(
          c.clusterIndex(),
          new Match(
              c.clusterIndex(),
              next++,
              Status.NEW,
              from == null ? null : from.key(),
              from == null ? null : from.name(),
              Double.NaN,
              origin < 0 ? Double.NaN : jaccard[origin][j]));
    }
    List<Previous> retired = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        retired.add(previous.get(i));
      }
    }
    return new Result(byIndex, retired);
  }

  /** The previous segment most customers of current segment j come from, else the nearest. */
  private static int origin(List<Previous> previous, double[][] distance, long[][] overlap, int j) {
    int best = -1;
    long most = 0;
    for (int i = 0; overlap != null && i < previous.size(); i++) {
      if (overlap[i][j] > most) {
        most = overlap[i][j];
        best = i;
      }
    }
    if (best >= 0) {
      return best;
    }
    double nearest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < previous.size(); i++) {
      if (!Double.isNaN(distance[i][j]) && distance[i][j] < nearest) {
        nearest = distance[i][j];
        best = i;
      }
    }
    return best;
  }

  private static double[][] jaccard(long[][] overlap, int n, int m) {
    double[][] out = new double[n][m];
    long total = 0;
    long[] rows = new long[n];
    long[] cols = new long[m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        long v = overlap == null ? 0 : overlap[i][j];
        rows[i] += v;
        cols[j] += v;
        total += v;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        long v = overlap == null ? 0 : overlap[i][j];
        long union = rows[i] + cols[j] - v;
        out[i][j] = total == 0 ? Double.NaN : union == 0 ? 0.0 : v / (double) union;
      }
    }
    return out;
  }

  /** Euclidean distance. */
  public static double euclidean(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
