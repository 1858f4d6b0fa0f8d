package io.segmentation.clv;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A fitted Gamma-Gamma model, or why there is none: parameters and log-likelihood only with status
 * {@link FitStatus#CONVERGED}. A converged fit with q <= 1 has no mean order value ({@link
 * GammaGammaParameters#hasMean()}): its expected order values are NULL.
 *
 * @param customers the repeat customers with a positive mean value the fit used
 * @param excluded the customers left out (no repeat purchase, or a mean value that is not positive)
 */
public record GammaGammaFit(
    Optional<GammaGammaParameters> parameters,
    OptionalDouble logLikelihood,
    int customers,
    int excluded,
    FitStatus status,
    String message) {}
