package io.segmentation.clv;

import io.segmentation.config.ClvModel;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A fitted BG/NBD or MBG/NBD model, or why there is none: parameters and log-likelihood only with
 * status {@link FitStatus#CONVERGED}; {@code message} says what happened in a sentence fit for the
 * run summary.
 *
 * @param customers the customers the fit used
 */
public record PurchaseFit(
    ClvModel model,
    Optional<NbdParameters> parameters,
    OptionalDouble logLikelihood,
    double customers,
    FitStatus status,
    String message) {

  static PurchaseFit converged(
      ClvModel model, NbdParameters p, double logLikelihood, double customers, String message) {
    return new PurchaseFit(
        model,
        Optional.of(p),
        OptionalDouble.of(logLikelihood),
        customers,
        FitStatus.CONVERGED,
        message);
  }

  static PurchaseFit failed(ClvModel model, double customers, FitStatus status, String message) {
    return new PurchaseFit(
        model, Optional.empty(), OptionalDouble.empty(), customers, status, message);
  }
}
