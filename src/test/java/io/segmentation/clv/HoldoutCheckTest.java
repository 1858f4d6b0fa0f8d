package io.segmentation.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The holdout check on customers simulated from MBG/NBD, whose purchases in the 90 days after
 * calibration are known.
 */
@Tag("unit")
class HoldoutCheckTest {
  private static final NbdParameters TRUTH = new NbdParameters(0.5, 60, 0.9, 2.5);

  @Test
  void bucketsCompareActualAndPredictedHoldoutPurchases() {
    SimulatedCustomers s = SimulatedCustomers.nbd(TRUTH, true, 20_000, 5L, 30, 390, 90);
    double[] noValues = new double[s.x.length];
    Arrays.fill(noValues, Double.NaN);
    CustomerSample sample = new CustomerSample(s.x, s.tx, s.age, noValues, s.future);
    HoldoutCheck.Result result = HoldoutCheck.evaluate(new ModifiedBgNbd(), sample, 90);

    assertThat(result.calibrationFit().status()).isEqualTo(FitStatus.CONVERGED);
    List<HoldoutCheck.FrequencyBucket> buckets = result.buckets();
    assertThat(buckets)
        .extracting(HoldoutCheck.FrequencyBucket::label)
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7+");
    assertThat(buckets.stream().mapToInt(HoldoutCheck.FrequencyBucket::customers).sum())
        .isEqualTo(20_000);
    // The actual means are the data's, counted here.
    double zeroSum = 0;
    int zeroCount = 0;
    double allSum = 0;
    for (int i = 0; i < s.x.length; i++) {
      allSum += s.future[i];
      if (s.x[i] == 0) {
        zeroSum += s.future[i];
        zeroCount++;
      }
    }
    assertThat(buckets.get(0).actualMean()).isEqualTo(zeroSum / zeroCount);
    for (HoldoutCheck.FrequencyBucket b : buckets) {
      System.out.printf(
          "x = %s: %d customers, actual %.3f, predicted %.3f%n",
          b.label(), b.customers(), b.actualMean(), b.predictedMean());
      // A bucket's mean holdout purchases are a mean of over 500 customers: within 20% (several
      // standard errors of the mean for these Poisson-like counts).
      if (b.customers() > 500) {
        assertThat(b.predictedMean()).isCloseTo(b.actualMean(), withinPercentage(20));
      }
    }
    // Absolute error favours the median (0 for most customers), so no naive predictor bounds it;
    // instead: the error of the true parameters' predictions (tested in PredictionTest and
    // SimulatedFutureTest), which the calibration fit's should be close to, and the triangle
    // inequality |actual - predicted| <= actual + predicted.
    double mae = result.meanAbsoluteError().orElseThrow();
    ModifiedBgNbd model = new ModifiedBgNbd();
    double trueError = 0;
    double predictedSum = 0;
    for (int i = 0; i < s.x.length; i++) {
      double e = model.expectedPurchases(TRUTH, 90, s.x[i], s.tx[i], s.age[i]);
      trueError += Math.abs(s.future[i] - e);
      predictedSum += e;
    }
    System.out.printf(
        "holdout MAE %.4f, with the true parameters %.4f%n", mae, trueError / s.x.length);
    assertThat(mae).isCloseTo(trueError / s.x.length, withinPercentage(3));
    assertThat(mae).isLessThanOrEqualTo((allSum + predictedSum) / s.x.length);
  }

  @Test
  void failedCalibrationFitHasNoError() {
    double[] one = {0};
    CustomerSample sample =
        new CustomerSample(one, one, new double[] {10}, new double[] {Double.NaN}, one);
    HoldoutCheck.Result result = HoldoutCheck.evaluate(new BgNbd(), sample, 90);
    assertThat(result.calibrationFit().status()).isEqualTo(FitStatus.TOO_LITTLE_DATA);
    assertThat(result.buckets()).isEmpty();
    assertThat(result.meanAbsoluteError()).isEmpty();
  }
}
