package io.segmentation.clv;

/**
 * Fitted parameters of the Gamma-Gamma model of order value: a customer's transaction values are
 * Gamma(p, nu) with rate nu, and nu is Gamma(q, gamma) distributed across customers. The mean order
 * value across customers, p gamma / (q - 1), exists only for q > 1.
 */
public record GammaGammaParameters(double p, double q, double gamma) {
  public GammaGammaParameters {
    NbdParameters.requirePositive("p", p);
    NbdParameters.requirePositive("q", q);
    NbdParameters.requirePositive("gamma", gamma);
  }

  /** Whether the population mean order value exists (q > 1). */
  public boolean hasMean() {
    return q > 1;
  }

  static GammaGammaParameters fromLog(double[] log) {
    return new GammaGammaParameters(Math.exp(log[0]), Math.exp(log[1]), Math.exp(log[2]));
  }

  double[] toLog() {
    return new double[] {Math.log(p), Math.log(q), Math.log(gamma)};
  }
}
