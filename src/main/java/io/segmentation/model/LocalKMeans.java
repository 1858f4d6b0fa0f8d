package io.segmentation.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * KMeans and its silhouette on points held in the driver's memory: the k search runs here on a
 * bounded sample of the customers ({@code model.sample-size}), so trying six k with ten starts each
 * costs no Spark job (MLlib would run a job per iteration, a couple of hundred over the range).
 * k-means++ seeding (D² sampling), Lloyd iterations until no centre moves more than {@code
 * tolerance}, the best of {@code restarts} starts by within-cluster sum of squares, as
 * scikit-learn's {@code n_init}. An empty cluster is re-seeded with the point farthest from its
 * centre.
 *
 * <p>The silhouette is the one {@code ClusteringEvaluator} computes with squared Euclidean
 * distance: the mean distance to a cluster follows from its size, vector sum and sum of squared
 * norms, so it costs O(n·k·d) instead of O(n²).
 */
public final class LocalKMeans {
  private LocalKMeans() {}

  /** A warm start is kept when within this share of the best start's sum of squares. */
  static final double WARM_MARGIN = 0.01;

  /** A fitted clustering: centres, each point's cluster, the sum of squares and cluster sizes. */
  public record Fit(double[][] centers, int[] assignment, double cost, long[] sizes) {
    public int k() {
      return centers.length;
    }
  }

  /**
   * The best of {@code restarts} k-means++ starts by within-cluster sum of squares. {@code initial}
   * (the previous run's centroids, may be null) is one more start and is kept unless another start
   * is better by more than {@link #WARM_MARGIN}, so segments stay where they were when the data
   * allow.
   */
  public static Fit fit(
      double[][] points,
      int k,
      long seed,
      int restarts,
      int maxIter,
      double tolerance,
      double[][] initial) {
    if (points.length < k) {
      throw new IllegalArgumentException(points.length + " points cannot form " + k + " clusters");
    }
    Fit warm = initial == null ? null : lloyd(points, copy(initial), maxIter, tolerance);
    Fit best = null;
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + k);
    for (int r = 0; r < restarts; r++) {
      Fit f = lloyd(points, plusPlus(points, k, random.split()), maxIter, tolerance);
      if (best == null || f.cost() < best.cost()) {
        best = f;
      }
    }
    if (warm != null && (best == null || warm.cost() <= best.cost() * (1 + WARM_MARGIN))) {
      return warm;
    }
    return best;
  }

  /** Each point's nearest centre (squared Euclidean; ties to the lower index). */
  public static Fit assign(double[][] points, double[][] centers) {
    int[] assignment = new int[points.length];
    double cost = 0;
    long[] sizes = new long[centers.length];
    for (int i = 0; i < points.length; i++) {
      int c = nearest(points[i], centers);
      assignment[i] = c;
      sizes[c]++;
      cost += distance(points[i], centers[c]);
    }
    return new Fit(centers, assignment, cost, sizes);
  }

  /**
   * The mean silhouette with squared Euclidean distance, as Spark's {@code ClusteringEvaluator}
   * ({@code distanceMeasure = squaredEuclidean}): a point alone in its cluster scores 0; the mean
   * distance to its own cluster excludes the point itself.
   */
  public static double silhouette(double[][] points, int[] assignment, int k) {
    int d = points.length == 0 ? 0 : points[0].length;
    long[] size = new long[k];
    double[][] sum = new double[k][d];
    double[] squares = new double[k];
    for (int i = 0; i < points.length; i++) {
      int c = assignment[i];
      size[c]++;
      squares[c] += norm(points[i]);
      for (int j = 0; j < d; j++) {
        sum[c][j] += points[i][j];
      }
    }
    double total = 0;
    for (int i = 0; i < points.length; i++) {
      int own = assignment[i];
      if (size[own] == 1) {
        continue; // silhouette 0
      }
      double pointNorm = norm(points[i]);
      double a = Double.NaN;
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (size[c] == 0) {
          continue;
        }
        double mean = pointNorm + (squares[c] - 2 * dot(points[i], sum[c])) / size[c];
        if (c == own) {
          a = mean * size[c] / (size[c] - 1);
        } else {
          b = Math.min(b, mean);
        }
      }
      if (a < b) {
        total += 1 - a / b;
      } else if (a > b) {
        total += b / a - 1;
      }
    }
    return points.length == 0 ? Double.NaN : total / points.length;
  }

  /** k-means++: the first centre uniformly, each next one with probability ∝ squared distance. */
  static double[][] plusPlus(double[][] points, int k, SplittableRandom random) {
    int n = points.length;
    double[][] centers = new double[k][];
    centers[0] = points[random.nextInt(n)].clone();
    double[] closest = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      closest[i] = distance(points[i], centers[0]);
      total += closest[i];
    }
    for (int c = 1; c < k; c++) {
      int chosen = n - 1;
      if (total > 0) {
        double target = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
          target -= closest[i];
          if (target < 0) {
            chosen = i;
            break;
          }
        }
      } else {
        chosen = random.nextInt(n);
      }
      centers[c] = points[chosen].clone();
      total = 0;
      for (int i = 0; i < n; i++) {
        closest[i] = Math.min(closest[i], distance(points[i], centers[c]));
        total += closest[i];
      }
    }
    return centers;
  }

  private static Fit lloyd(double[][] points, double[][] centers, int maxIter, double tolerance) {
    int k = centers.length;
    int d = centers[0].length;
    Fit fit = assign(points, centers);
    for (int iter = 0; iter < maxIter; iter++) {
      double[][] next = new double[k][d];
      for (int i = 0; i < points.length; i++) {
        double[] target = next[fit.assignment()[i]];
        for (int j = 0; j < d; j++) {
          target[j] += points[i][j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (fit.sizes()[c] == 0) {
          next[c] = farthest(points, fit).clone();
        } else {
          for (int j = 0; j < d; j++) {
            next[c][j] /= fit.sizes()[c];
          }
        }
      }
      boolean moved = false;
      for (int c = 0; c < k; c++) {
        moved |= distance(next[c], centers[c]) > tolerance * tolerance;
      }
      centers = next;
      fit = assign(points, centers);
      if (!moved) {
        break;
      }
    }
    return fit;
  }

  private static double[] farthest(double[][] points, Fit fit) {
    int far = 0;
    double farDistance = -1;
    for (int i = 0; i < points.length; i++) {
      double dist = distance(points[i], fit.centers()[fit.assignment()[i]]);
      if (dist > farDistance) {
        farDistance = dist;
        far = i;
      }
    }
    return points[far];
  }

  private static int nearest(double[] point, double[][] centers) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centers.length; c++) {
      double dist = distance(point, centers[c]);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = c;
      }
    }
    return best;
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double diff = a[j] - b[j];
      s += diff * diff;
    }
    return s;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  private static double norm(double[] a) {
    return dot(a, a);
  }

  private static double[][] copy(double[][] centers) {
    return Arrays.stream(centers).map(double[]::clone).toArray(double[][]::new);
  }
}
