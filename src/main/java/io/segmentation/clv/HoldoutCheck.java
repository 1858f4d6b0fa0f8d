package io.segmentation.clv;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The calibration/holdout check of a repeat-purchase model: fit on the purchases before the last
 * {@code holdoutDays} days, predict each calibration customer's purchases in the holdout days, and
 * compare with what they did, per calibration frequency (x = 0 to 6, and 7 or more, as Fader,
 * Hardie and Lee's figure) and as the mean absolute error per customer. The published fit uses all
 * the data; this one only measures how well the model predicts.
 */
public final class HoldoutCheck {
  /** Calibration frequencies from this one on share the last bucket. */
  static final int LAST_BUCKET = 7;

  private HoldoutCheck() {}

  /**
   * One bucket of calibration customers: mean holdout purchases, actual and predicted.
   *
   * @param label the calibration repeat purchases: "0" to "6", or "7+"
   */
  public record FrequencyBucket(
      String label, int customers, double actualMean, double predictedMean) {}

  /**
   * The outcome: the calibration fit, the buckets (empty ones left out) and the mean absolute
   * error, which is empty when the calibration fit did not converge.
   */
  public record Result(
      PurchaseFit calibrationFit,
      int holdoutDays,
      List<FrequencyBucket> buckets,
      OptionalDouble meanAbsoluteError) {
    public Result {
      buckets = List.copyOf(buckets);
    }
  }

  /**
   * Runs the check on calibration summaries ({@link ClvSummaries.Aggregates#calibration()}), of
   * whose customers at most {@code maxCustomers} are brought to the driver.
   */
  public static Result run(
      Dataset<Row> calibration, PurchaseModel model, int holdoutDays, int maxCustomers, long seed) {
    return evaluate(model, FitSample.collect(calibration, maxCustomers, seed), holdoutDays);
  }

  /** The check on calibration summaries whose holdout purchases are known. */
  public static Result evaluate(PurchaseModel model, CustomerSample calibration, int holdoutDays) {
    PurchaseFit fit = PurchaseModelFitter.fit(model, calibration.histories());
    if (fit.parameters().isEmpty()) {
      return new Result(fit, holdoutDays, List.of(), OptionalDouble.empty());
    }
    NbdParameters p = fit.parameters().get();
    int[] customers = new int[LAST_BUCKET + 1];
    double[] actual = new double[LAST_BUCKET + 1];
    double[] predicted = new double[LAST_BUCKET + 1];
    double absoluteError = 0;
    for (int i = 0; i < calibration.size(); i++) {
      double e =
          model.expectedPurchases(
              p, holdoutDays, calibration.x(i), calibration.tx(i), calibration.age(i));
      int bucket = (int) Math.min(calibration.x(i), LAST_BUCKET);
      customers[bucket]++;
      actual[bucket] += calibration.holdout(i);
      predicted[bucket] += e;
      absoluteError += Math.abs(calibration.holdout(i) - e);
    }
    List<FrequencyBucket> buckets = new ArrayList<>();
    for (int b = 0; b <= LAST_BUCKET; b++) {
      if (customers[b] > 0) {
        String label = b == LAST_BUCKET ? LAST_BUCKET + "+" : Integer.toString(b);
        buckets.add(
            new FrequencyBucket(
                label, customers[b], actual[b] / customers[b], predicted[b] / customers[b]));
      }
    }
    double mae = absoluteError / calibration.size();
    return new Result(
        fit,
        holdoutDays,
        buckets,
        Double.isFinite(mae) ? OptionalDouble.of(mae) : OptionalDouble.empty());
  }
}
