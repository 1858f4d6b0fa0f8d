package io.segmentation.clv;

/**
 * Fitted parameters of BG/NBD or MBG/NBD, time in days: purchase rates are Gamma(r, alpha)
 * distributed across customers (shape r, rate alpha, so the mean rate is r / alpha per day) and the
 * drop-out probability at each purchase is Beta(a, b) distributed.
 */
public record NbdParameters(double r, double alpha, double a, double b) {
  public NbdParameters {
    requirePositive("r", r);
    requirePositive("alpha", alpha);
    requirePositive("a", a);
    requirePositive("b", b);
  }

  /** The parameters from their logarithms (r, alpha, a, b), the scale the optimiser works on. */
  static NbdParameters fromLog(double[] log) {
    return new NbdParameters(
        Math.exp(log[0]), Math.exp(log[1]), Math.exp(log[2]), Math.exp(log[3]));
  }

  /** The logarithms of r, alpha, a and b. */
  double[] toLog() {
    return new double[] {Math.log(r), Math.log(alpha), Math.log(a), Math.log(b)};
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
    }
  }
}
