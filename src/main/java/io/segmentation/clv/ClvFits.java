package io.segmentation.clv;

import io.segmentation.config.ClvModel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a run reports about its lifetime-value fits, without the per-customer frame: the {@code
 * clv_model} row, the summary JSON's {@code clv} object and the report's holdout chart are all made
 * from it.
 *
 * @param customerCount customers with a purchase before the reference date
 */
public record ClvFits(
    PurchaseFit purchases,
    GammaGammaFit orderValues,
    Optional<HoldoutCheck.Result> holdout,
    long customerCount) {

  /** The time unit of every parameter and horizon. */
  public static final String TIME_UNIT = "day";

  public ClvModel model() {
    return purchases.model();
  }

  /** The customers the repeat-purchase fit used (all, or the sample above max-fit-customers). */
  public long fitCustomers() {
    return Math.round(purchases.customers());
  }

  /** The repeat-purchase fit's status: disabled, converged, too_little_data or not_converged. */
  public String status() {
    return purchases.status().configName();
  }

  /** The repeat-purchase fit's message, and the Gamma-Gamma one when that fit failed. */
  public String message() {
    if (orderValues.parameters().isEmpty() && purchases.status() != FitStatus.DISABLED) {
      return purchases.message() + " Gamma-Gamma: " + orderValues.message();
    }
    return purchases.message();
  }

  /** Holdout days, when the check ran. */
  public Optional<Integer> holdoutDays() {
    return holdout.map(HoldoutCheck.Result::holdoutDays);
  }

  /** Mean absolute error of the holdout purchases per customer, when the check converged. */
  public OptionalDouble holdoutMae() {
    return holdout.map(HoldoutCheck.Result::meanAbsoluteError).orElse(OptionalDouble.empty());
  }

  /** The holdout buckets (empty without a check). */
  public List<HoldoutCheck.FrequencyBucket> buckets() {
    return holdout.map(HoldoutCheck.Result::buckets).orElse(List.of());
  }
}
