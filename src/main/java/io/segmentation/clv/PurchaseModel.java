package io.segmentation.clv;

import io.segmentation.config.ClvModel;

/**
 * A BG/NBD-family model of repeat purchases: while alive a customer buys as a Poisson process with
 * a Gamma(r, alpha) distributed rate, and drops out with a Beta(a, b) distributed probability at
 * purchases. The log-likelihoods are the forms the {@code lifetimes} library maximises (up to the
 * same constant: none), so a fit reproduces its parameters.
 *
 * <p>Every method takes one customer's summary: x repeat purchases, the last at t_x, observed for T
 * days since the first purchase ({@code age}).
 */
public sealed interface PurchaseModel permits BgNbd, ModifiedBgNbd {

  /** The model of a configuration value. */
  static PurchaseModel of(ClvModel type) {
    return switch (type) {
      case MBGNBD -> new ModifiedBgNbd();
      case BGNBD -> new BgNbd();
    };
  }

  ClvModel type();

  /**
   * The part of a customer's log-likelihood that depends on x alone (computed once per distinct x
   * when summing over customers).
   */
  double countTerm(NbdParameters p, double x);

  /** The rest of a customer's log-likelihood: the part that depends on t_x and T. */
  double timingTerm(NbdParameters p, double x, double tx, double age);

  /** One customer's log-likelihood. */
  default double logLikelihood(NbdParameters p, double x, double tx, double age) {
    return countTerm(p, x) + timingTerm(p, x, tx, age);
  }

  /** The log-likelihood of all histories, each weighted by its customer count. */
  default double logLikelihood(NbdParameters p, PurchaseHistories h) {
    double[] distinct = h.distinctX();
    double[] countTerms = new double[distinct.length];
    for (int j = 0; j < distinct.length; j++) {
      countTerms[j] = countTerm(p, distinct[j]);
    }
    double sum = 0;
    for (int i = 0; i < h.size(); i++) {
      sum += h.count(i) * (countTerms[h.xIndex(i)] + timingTerm(p, h.x(i), h.tx(i), h.age(i)));
    }
    return sum;
  }

  /** The probability that the customer is still alive at T. */
  double probabilityAlive(NbdParameters p, double x, double tx, double age);

  /**
   * The expected number of purchases in the next {@code t} days (from T to T + t), given the
   * history: the conditional expectation, which needs the Gauss hypergeometric function. It is
   * P(alive) times {@link #expectedPurchasesIfAlive}. NaN only when the parameters put it outside
   * the closed form's domain (a = 1 exactly has its limit).
   */
  default double expectedPurchases(NbdParameters p, double t, double x, double tx, double age) {
    return expectedPurchasesIfAlive(p, t, x, age) * probabilityAlive(p, x, tx, age);
  }

  /**
   * The expected number of purchases in the next {@code t} days of a customer with x repeat
   * purchases observed for T days who is alive at T: it does not depend on t_x, so it can be
   * computed once per distinct (x, T).
   */
  double expectedPurchasesIfAlive(NbdParameters p, double t, double x, double age);

  /** The logistic 1 / (1 + e^u), safe for any u. */
  static double logistic(double u) {
    return u > 0 ? Math.exp(-u) / (1 + Math.exp(-u)) : 1 / (1 + Math.exp(u));
  }

  /** log(e^u + e^v) without overflow. */
  static double logAddExp(double u, double v) {
    double m = Math.max(u, v);
    return m == Double.NEGATIVE_INFINITY ? m : m + Math.log(Math.exp(u - m) + Math.exp(v - m));
  }

  /**
   * a, moved off 1 by a relative 1e-9 when it is exactly 1: the expectations' (a - 1) factors
   * cancel there (a removable singularity), and the shift changes the result by about as much.
   */
  static double awayFromOne(double a) {
    return a == 1.0 ? 1.0 + 1e-9 : a;
  }

  /** 2F1, or NaN where it has a pole (c zero or a negative integer). */
  static double f21OrNaN(double a, double b, double c, double z) {
    try {
      return Hypergeometric.f21(a, b, c, z);
    } catch (IllegalArgumentException e) {
      return Double.NaN;
    }
  }
}
