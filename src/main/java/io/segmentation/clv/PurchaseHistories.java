package io.segmentation.clv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The repeat-purchase summaries a BG/NBD-family model is fitted on, one entry per distinct history
 * with the number of customers that share it: x repeat purchases, the last at t_x, observed for T
 * (days since the first purchase, 0 <= t_x <= T; t_x = 0 when x = 0). Immutable.
 */
public final class PurchaseHistories {
  private final double[] x;
  private final double[] tx;
  private final double[] age;
  private final double[] count;
  private final double[] distinctX;
  private final int[] xIndex;

  private PurchaseHistories(double[] x, double[] tx, double[] age, double[] count) {
    this.x = x;
    this.tx = tx;
    this.age = age;
    this.count = count;
    Map<Double, Integer> index = new HashMap<>();
    this.xIndex = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      xIndex[i] = index.computeIfAbsent(x[i], k -> index.size());
    }
    this.distinctX = new double[index.size()];
    index.forEach((value, i) -> distinctX[i] = value);
  }

  /**
   * @param x repeat purchases (whole numbers >= 0)
   * @param tx time of the last repeat purchase, days after the first purchase
   * @param age T, days from the first purchase to the end of observation
   * @param count customers with this history (> 0)
   * @throws IllegalArgumentException if the arrays differ in length or a history is impossible
   */
  public static PurchaseHistories of(double[] x, double[] tx, double[] age, double[] count) {
    if (x.length != tx.length || x.length != age.length || x.length != count.length) {
      throw new IllegalArgumentException("x, t_x, T and count must have the same length");
    }
    for (int i = 0; i < x.length; i++) {
      boolean valid =
          x[i] >= 0
              && x[i] == Math.rint(x[i])
              && tx[i] >= 0
              && tx[i] <= age[i]
              && (x[i] > 0 || tx[i] == 0)
              && count[i] > 0
              && Double.isFinite(age[i] + count[i]);
      if (!valid) {
        throw new IllegalArgumentException(
            String.format(
                "impossible history x = %s, t_x = %s, T = %s, count = %s",
                x[i], tx[i], age[i], count[i]));
      }
    }
    return new PurchaseHistories(x.clone(), tx.clone(), age.clone(), count.clone());
  }

  /** One customer per history. */
  public static PurchaseHistories of(double[] x, double[] tx, double[] age) {
    double[] ones = new double[x.length];
    Arrays.fill(ones, 1.0);
    return of(x, tx, age, ones);
  }

  /** Number of distinct histories. */
  public int size() {
    return x.length;
  }

  /** Number of customers (the counts summed). */
  public double customers() {
    return Arrays.stream(count).sum();
  }

  /** Customers with at least one repeat purchase. */
  public double repeatCustomers() {
    double n = 0;
    for (int i = 0; i < x.length; i++) {
      n += x[i] > 0 ? count[i] : 0;
    }
    return n;
  }

  /** Mean repeat purchases per day of observation, for a starting point of the fit. */
  double meanRate() {
    double purchases = 0;
    double days = 0;
    for (int i = 0; i < x.length; i++) {
      purchases += count[i] * x[i];
      days += count[i] * age[i];
    }
    return days > 0 ? purchases / days : 0;
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

  public double count(int i) {
    return count[i];
  }

  /** The distinct values of x, indexed by {@link #xIndex}. */
  double[] distinctX() {
    return distinctX.clone();
  }

  /** The position of history i's x among {@link #distinctX}. */
  int xIndex(int i) {
    return xIndex[i];
  }
}
