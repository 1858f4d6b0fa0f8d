package io.segmentation.clv;

import java.util.Locale;

/** How a maximum-likelihood fit ended. Only a converged fit has parameters. */
public enum FitStatus {
  /**
   * The optimiser converged: to an interior maximum, or to a limit of the model on a parameter
   * bound (the fit's message names it).
   */
  CONVERGED,
  /** Too few customers (or too few repeat customers) to identify the parameters. */
  TOO_LITTLE_DATA,
  /**
   * The optimiser ran out of evaluations, the log-likelihood was not finite, or a restart moved the
   * optimum.
   */
  NOT_CONVERGED,
  /** {@code clv.enabled} is false: nothing was fitted. */
  DISABLED;

  /** The name in the {@code clv_model} table and the run summary. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
