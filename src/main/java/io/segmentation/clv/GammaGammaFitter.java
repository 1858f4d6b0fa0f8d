package io.segmentation.clv;

import java.util.Optional;
import java.util.OptionalDouble;

/** Maximum-likelihood fit of the Gamma-Gamma model on the log-parameters. Pure: no Spark. */
public final class GammaGammaFitter {
  /** Fewer repeat customers than this are too few to identify three parameters. */
  public static final int MIN_CUSTOMERS = 10;

  private GammaGammaFitter() {}

  /** The fit; never throws for data, reports too little data or non-convergence in the status. */
  public static GammaGammaFit fit(OrderValues v) {
    if (v.size() < MIN_CUSTOMERS) {
      return failed(
          v,
          FitStatus.TOO_LITTLE_DATA,
          String.format(
              "%d repeat customers with a positive mean value: at least %d are needed",
              v.size(), MIN_CUSTOMERS));
    }
    // Start at p = 1, q = 2, where the population mean p gamma / (q - 1) is the data's.
    double[] start = new GammaGammaParameters(1, 2, v.grandMean()).toLog();
    MaximumLikelihood.Optimum o =
        MaximumLikelihood.maximize(
            log -> GammaGamma.logLikelihood(GammaGammaParameters.fromLog(log), v),
            start,
            "p",
            "q",
            "gamma");
    if (!o.converged()) {
      return failed(v, FitStatus.NOT_CONVERGED, o.message());
    }
    return new GammaGammaFit(
        Optional.of(GammaGammaParameters.fromLog(o.logParameters())),
        OptionalDouble.of(o.logLikelihood()),
        v.size(),
        v.excluded(),
        FitStatus.CONVERGED,
        o.message());
  }

  private static GammaGammaFit failed(OrderValues v, FitStatus status, String message) {
    return new GammaGammaFit(
        Optional.empty(), OptionalDouble.empty(), v.size(), v.excluded(), status, message);
  }
}
