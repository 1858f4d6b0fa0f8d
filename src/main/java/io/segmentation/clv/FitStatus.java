package io.segmentation.clv;

import java.util.Locale;

/** How a maximum-likelihood fit ended. Only a converged fit has parameters. */
public enum FitStatus {
  /** The optimiser converged to an interior maximum. */
  CONVERGED,
  /** Too few customers (or too few repeat customers) to identify the parameters. */
  TOO_LITTLE_DATA,
  /**
   * The optimiser stopped without converging, or the likelihood keeps rising towards a parameter
   * bound (the data do not identify the model).
   */
  NOT_CONVERGED,
  /** {@code clv.enabled} is false: nothing was fitted. */
  DISABLED;

  /** The name in the {@code clv_model} table and the run summary. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
