package io.segmentation.clv;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for real parameters and
 * real |z| < 1: the sum over n of (a)_n (b)_n / ((c)_n n!) z^n, with (q)_n the rising factorial;
 * for negative z the same series after Pfaff's transformation, whose terms do not alternate.
 *
 * <p>The series converges for every |z| < 1, geometrically like |z|^n once n exceeds the
 * parameters, so a few hundred terms suffice for the z the lifetime-value models need (z = t /
 * (alpha + T + t), at most t / (alpha + t)). The models call it with parameters that keep the terms
 * small (Euler's transformation, see {@link ModifiedBgNbd}); for z >= 0 this class sums the series
 * as it is.
 */
public final class Hypergeometric {
  /** Upper bound on the number of terms summed before giving up. */
  public static final int MAX_TERMS = 100_000;

  /** Relative size of a term, against the partial sum, below which the series has converged. */
  private static final double TOLERANCE = 1e-15;

  private Hypergeometric() {}

  /**
   * 2F1(a, b; c; z).
   *
   * @throws IllegalArgumentException if |z| >= 1, c is zero or a negative integer (the function has
   *     a pole there unless the series terminates first), or the series has not converged within
   *     {@value #MAX_TERMS} terms
   */
  public static double f21(double a, double b, double c, double z) {
    checkArguments(a, b, c, z);
    if (z < 0) {
      // Pfaff: 2F1(a, b; c; z) = (1 - z)^-a 2F1(a, c - b; c; z / (z - 1)). The plain series
      // alternates for negative z and cancels catastrophically; z / (z - 1) is in (0, 1/2).
      return Math.pow(1 - z, -a) * f21(a, c - b, c, z / (z - 1));
    }
    Series s = sum(a, b, c, z);
    if (!s.converged()) {
      throw new IllegalArgumentException(
          String.format("2F1(%s, %s; %s; %s) did not converge in %d terms", a, b, c, z, MAX_TERMS));
    }
    return s.value();
  }

  private record Series(double value, boolean converged) {}

  private static Series sum(double a, double b, double c, double z) {
    double term = 1.0;
    double sum = 1.0;
    for (int n = 0; n < MAX_TERMS; n++) {
      term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
      sum += term;
      if (term == 0.0 || (Math.abs(term) <= TOLERANCE * Math.abs(sum) && pastPeak(a, b, c, z, n))) {
        return new Series(sum, true);
      }
    }
    return new Series(sum, false);
  }

  /**
   * Whether the terms shrink from term n on: a small term early in the series (when a + n or b + n
   * is near zero) is no sign of convergence while the ratio of consecutive terms still exceeds one.
   */
  private static boolean pastPeak(double a, double b, double c, double z, int n) {
    double m = n + 1;
    return Math.abs((a + m) * (b + m) / ((c + m) * (m + 1)) * z) < 1.0;
  }

  private static void checkArguments(double a, double b, double c, double z) {
    if (!(Math.abs(z) < 1.0)) {
      throw new IllegalArgumentException("2F1 series needs |z| < 1, got z = " + z);
    }
    if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
      throw new IllegalArgumentException(
          String.format("2F1 needs finite parameters, got a = %s, b = %s, c = %s", a, b, c));
    }
    boolean terminatesFirst = isNonPositiveInteger(a) && a > c || isNonPositiveInteger(b) && b > c;
    if (isNonPositiveInteger(c) && !terminatesFirst) {
      throw new IllegalArgumentException("2F1 has a pole at c = " + c);
    }
  }

  private static boolean isNonPositiveInteger(double v) {
    return v <= 0 && v == Math.rint(v);
  }
}
