package io.segmentation.clv;

/**
 * Maximum-likelihood fit of a BG/NBD-family model to purchase histories, on the log-parameters
 * (positive parameters, and a better-conditioned likelihood). Pure: no Spark.
 */
public final class PurchaseModelFitter {
  /** Fewer customers than this are too few to identify four parameters. */
  public static final int MIN_CUSTOMERS = 20;

  /** Fewer repeat customers than this leave the purchase rate (r, alpha) unidentified. */
  public static final int MIN_REPEAT_CUSTOMERS = 5;

  private PurchaseModelFitter() {}

  /** The fit; never throws for data, reports too little data or non-convergence in the status. */
  public static PurchaseFit fit(PurchaseModel model, PurchaseHistories h) {
    double customers = h.customers();
    if (customers < MIN_CUSTOMERS || h.repeatCustomers() < MIN_REPEAT_CUSTOMERS) {
      return PurchaseFit.failed(
          model.type(),
          customers,
          FitStatus.TOO_LITTLE_DATA,
          String.format(
              "%.0f customers, %.0f with a repeat purchase: at least %d and %d are needed",
              customers, h.repeatCustomers(), MIN_CUSTOMERS, MIN_REPEAT_CUSTOMERS));
    }
    // Start where the mean purchase rate r / alpha matches the data, with r = a = b = 1.
    double rate = Math.max(h.meanRate(), 1e-6);
    double[] start = new NbdParameters(1, 1 / rate, 1, 1).toLog();
    MaximumLikelihood.Optimum o =
        MaximumLikelihood.maximize(
            log -> model.logLikelihood(NbdParameters.fromLog(log), h),
            start,
            "r",
            "alpha",
            "a",
            "b");
    if (!o.converged()) {
      return PurchaseFit.failed(model.type(), customers, FitStatus.NOT_CONVERGED, o.message());
    }
    return PurchaseFit.converged(
        model.type(),
        NbdParameters.fromLog(o.logParameters()),
        o.logLikelihood(),
        customers,
        o.message());
  }
}
