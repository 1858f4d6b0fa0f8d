package io.segmentation.clv;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the Gamma-Gamma model is fitted on: per repeat customer, the number of repeat purchases x
 * and their mean value (the first purchase excluded, as the libraries do). Customers without a
 * repeat purchase, and those whose mean repeat value is not positive (the model's values are Gamma
 * distributed, so positive), are left out when the values are built. Immutable.
 */
public final class OrderValues {
  private final double[] x;
  private final double[] mean;
  private final double[] logMean;
  private final int excluded;

  private OrderValues(double[] x, double[] mean, int excluded) {
    this.x = x;
    this.mean = mean;
    this.excluded = excluded;
    this.logMean = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      logMean[i] = Math.log(mean[i]);
    }
  }

  /**
   * The customers with x > 0 and a positive, finite mean value; the others are counted in {@link
   * #excluded}.
   */
  public static OrderValues of(double[] x, double[] meanValue) {
    if (x.length != meanValue.length) {
      throw new IllegalArgumentException("x and the mean values must have the same length");
    }
    int kept = 0;
    for (int i = 0; i < x.length; i++) {
      kept += usable(x[i], meanValue[i]) ? 1 : 0;
    }
    double[] keptX = new double[kept];
    double[] keptMean = new double[kept];
    int j = 0;
    for (int i = 0; i < x.length; i++) {
      if (usable(x[i], meanValue[i])) {
        keptX[j] = x[i];
        keptMean[j++] = meanValue[i];
      }
    }
    return new OrderValues(keptX, keptMean, x.length - kept);
  }

  private static boolean usable(double x, double mean) {
    return x >= 1 && x == Math.rint(x) && mean > 0 && Double.isFinite(mean);
  }

  /** Customers kept. */
  public int size() {
    return x.length;
  }

  /** Customers left out: no repeat purchase, or a mean repeat value that is not positive. */
  public int excluded() {
    return excluded;
  }

  public double x(int i) {
    return x[i];
  }

  public double mean(int i) {
    return mean[i];
  }

  double logMean(int i) {
    return logMean[i];
  }

  /** The customers per distinct x (sorted), for terms that depend on x alone. */
  Map<Double, Integer> countsByX() {
    Map<Double, Integer> counts = new TreeMap<>();
    for (double v : x) {
      counts.merge(v, 1, Integer::sum);
    }
    return counts;
  }

  /** The mean of the mean values, for a starting point of the fit. */
  double grandMean() {
    double sum = 0;
    for (double m : mean) {
      sum += m;
    }
    return x.length == 0 ? 0 : sum / x.length;
  }
}
