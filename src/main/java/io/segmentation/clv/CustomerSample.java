package io.segmentation.clv;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-customer summaries of the customers a fit uses, on the driver (a bounded sample, see
 * {@link FitSample}): x, t_x, T, mean repeat value (NaN without one) and holdout purchases.
 * Immutable.
 */
public final class CustomerSample {
  private final double[] x;
  private final double[] tx;
  private final double[] age;
  private final double[] meanValue;
  private final double[] holdout;

  /** The arrays are copied; all of the same length. */
  public CustomerSample(
      double[] x, double[] tx, double[] age, double[] meanValue, double[] holdout) {
    int n = x.length;
    if (tx.length != n || age.length != n || meanValue.length != n || holdout.length != n) {
      throw new IllegalArgumentException("the sample's arrays must have the same length");
    }
    this.x = x.clone();
    this.tx = tx.clone();
    this.age = age.clone();
    this.meanValue = meanValue.clone();
    this.holdout = holdout.clone();
  }

  public int size() {
    return x.length;
  }

  public double x(int i) {
    return x[i];
  }

  public double tx(int i) {
    return tx[i];
  }

  public double age(int i) {
    return age[i];
  }

  public double holdout(int i) {
    return holdout[i];
  }

  /** The histories, customers with the same (x, t_x, T) counted once with their number. */
  public PurchaseHistories histories() {
    Map<Key, Integer> counts = new HashMap<>();
    for (int i = 0; i < x.length; i++) {
      counts.merge(new Key(x[i], tx[i], age[i]), 1, Integer::sum);
    }
    int n = counts.size();
    double[] hx = new double[n];
    double[] htx = new double[n];
    double[] hage = new double[n];
    double[] count = new double[n];
    int j = 0;
    for (Map.Entry<Key, Integer> e : counts.entrySet()) {
      hx[j] = e.getKey().x();
      htx[j] = e.getKey().tx();
      hage[j] = e.getKey().age();
      count[j++] = e.getValue();
    }
    return PurchaseHistories.of(hx, htx, hage, count);
  }

  /** The repeat customers' order values (non-positive and missing means left out). */
  public OrderValues orderValues() {
    return OrderValues.of(x, meanValue);
  }

  private record Key(double x, double tx, double age) {}
}
