package io.segmentation.clv;

import io.segmentation.config.ClvModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link ClvStage} made: the fits (parameters, log-likelihoods, customers, status and message:
 * the {@code clv_model} row), the holdout check, and one row per customer with {@code customer_id},
 * {@code p_alive}, {@code expected_purchases_90d}, {@code expected_purchases_365d} (DOUBLE), {@code
 * expected_order_value} and {@code clv_365d} (DECIMAL(18,2)); the columns are NULL where a fit
 * failed, never NaN.
 *
 * @param purchases the repeat-purchase fit (MBG/NBD or BG/NBD)
 * @param orderValues the Gamma-Gamma fit
 * @param holdout the calibration/holdout check; empty when {@code clv.holdout-days} is 0 or the
 *     stage is disabled
 * @param customers the per-customer predictions (empty frame, same schema, when disabled)
 * @param customerCount customers with a purchase before the reference date
 * @param warnings one sentence per figure that is NULL and why, for the run summary
 */
public record ClvResult(
    PurchaseFit purchases,
    GammaGammaFit orderValues,
    Optional<HoldoutCheck.Result> holdout,
    Dataset<Row> customers,
    long customerCount,
    List<String> warnings) {
  public ClvResult {
    warnings = List.copyOf(warnings);
  }

  /** The fits without the per-customer frame: what the run summary and clv_model report. */
  public ClvFits fits() {
    return new ClvFits(purchases, orderValues, holdout, customerCount);
  }

  /** The log line of the stage. */
  public String describe() {
    if (purchases.status() == FitStatus.DISABLED) {
      return "disabled";
    }
    StringBuilder s =
        new StringBuilder(
            String.format(Locale.ROOT, "%,d customers, %s ", customerCount, purchases.model()));
    s.append(purchases.parameters().map(ClvResult::format).orElse(purchases.status().configName()));
    s.append(", Gamma-Gamma ");
    s.append(
        orderValues.parameters().map(ClvResult::format).orElse(orderValues.status().configName()));
    holdout
        .flatMap(h -> h.meanAbsoluteError().stream().boxed().findFirst())
        .ifPresent(
            mae ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        ", holdout MAE %.3f over %d days",
                        mae,
                        holdout.get().holdoutDays())));
    return s.toString();
  }

  private static String format(NbdParameters p) {
    return String.format(
        Locale.ROOT, "r=%.3g alpha=%.3g a=%.3g b=%.3g", p.r(), p.alpha(), p.a(), p.b());
  }

  private static String format(GammaGammaParameters g) {
    return String.format(Locale.ROOT, "p=%.3g q=%.3g gamma=%.3g", g.p(), g.q(), g.gamma());
  }

  /** A mean drop-out probability below this makes P(alive) uninformative: worth a warning. */
  static final double NO_DROP_OUT = 1e-3;

  /** The warnings a run reports for these fits. */
  static List<String> warningsOf(PurchaseFit purchases, GammaGammaFit orderValues) {
    List<String> w = new ArrayList<>();
    if (purchases.parameters().isEmpty()) {
      w.add(
          String.format(
              "The %s fit did not succeed (%s: %s), so p_alive, expected purchases and clv_365d"
                  + " are NULL.",
              purchases.model().configName(),
              purchases.status().configName(),
              purchases.message()));
    }
    purchases
        .parameters()
        .filter(p -> p.a() / (p.a() + p.b()) < NO_DROP_OUT)
        .ifPresent(
            p ->
                w.add(
                    String.format(
                        Locale.ROOT,
                        "The %s fit finds next to no drop-out (mean drop-out probability a / (a +"
                            + " b) = %.2g), so p_alive is close to 1 for every customer.",
                        purchases.model().configName(),
                        p.a() / (p.a() + p.b()))));
    if (orderValues.parameters().isEmpty()) {
      w.add(
          String.format(
              "The Gamma-Gamma fit did not succeed (%s: %s), so expected_order_value and clv_365d"
                  + " are NULL.",
              orderValues.status().configName(), orderValues.message()));
    } else if (!orderValues.parameters().get().hasMean()) {
      w.add(
          String.format(
              Locale.ROOT,
              "The Gamma-Gamma fit has q = %.3g <= 1, so order values have no mean and"
                  + " expected_order_value and clv_365d are NULL.",
              orderValues.parameters().get().q()));
    }
    return w;
  }

  /** The result of a disabled stage: nothing fitted, an empty frame with the output schema. */
  static ClvResult disabled(ClvModel model, Dataset<Row> empty) {
    String why = "clv.enabled is false";
    return new ClvResult(
        PurchaseFit.failed(model, 0, FitStatus.DISABLED, why),
        new GammaGammaFit(Optional.empty(), OptionalDouble.empty(), 0, 0, FitStatus.DISABLED, why),
        Optional.empty(),
        empty,
        0,
        List.of());
  }
}
