package io.segmentation.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmentation.config.ClvModel;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fits that cannot succeed say so in their status, without parameters and without NaN. */
@Tag("unit")
class FitFailureTest {
  @Test
  void tooFewCustomers() {
    PurchaseHistories h =
        PurchaseHistories.of(
            new double[] {0, 1, 2, 3}, new double[] {0, 5, 9, 20}, new double[] {30, 30, 30, 30});
    PurchaseFit fit = PurchaseModelFitter.fit(PurchaseModel.of(ClvModel.MBGNBD), h);
    assertThat(fit.status()).isEqualTo(FitStatus.TOO_LITTLE_DATA);
    assertThat(fit.parameters()).isEmpty();
    assertThat(fit.logLikelihood()).isEmpty();
    assertThat(fit.message()).contains("4 customers", "at least 20");
  }

  @Test
  void noRepeatPurchases() {
    double[] zeros = new double[100];
    double[] ages = new double[100];
    Arrays.fill(ages, 60);
    PurchaseFit fit =
        PurchaseModelFitter.fit(new BgNbd(), PurchaseHistories.of(zeros, zeros, ages));
    assertThat(fit.status()).isEqualTo(FitStatus.TOO_LITTLE_DATA);
    assertThat(fit.message()).contains("0 with a repeat purchase");
  }

  @Test
  void tooFewRepeatCustomersForGammaGamma() {
    GammaGammaFit fit =
        GammaGammaFitter.fit(OrderValues.of(new double[] {1, 2}, new double[] {5, 6}));
    assertThat(fit.status()).isEqualTo(FitStatus.TOO_LITTLE_DATA);
    assertThat(fit.parameters()).isEmpty();
  }

  /**
   * Every customer's repeat orders have exactly the same mean value: the likelihood has no maximum
   * (it grows without bound as the model approaches a point mass), so the optimiser keeps moving
   * and the fit reports that instead of parameters.
   */
  @Test
  void gammaGammaWithoutSpreadDoesNotConverge() {
    double[] x = new double[200];
    double[] mean = new double[200];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1 + i % 5;
      mean[i] = 10;
    }
    GammaGammaFit fit = GammaGammaFitter.fit(OrderValues.of(x, mean));
    assertThat(fit.status()).isEqualTo(FitStatus.NOT_CONVERGED);
    assertThat(fit.parameters()).isEmpty();
    assertThat(fit.logLikelihood()).isEmpty();
    assertThat(fit.message()).isNotBlank();
  }

  /** An optimiser that runs out of evaluations reports it; the fit has no parameters. */
  @Test
  void optimiserOutOfEvaluations() {
    MaximumLikelihood.Optimum o =
        MaximumLikelihood.maximize(
            v -> -(v[0] - 5) * (v[0] - 5) - (v[1] + 3) * (v[1] + 3) * 100,
            new double[] {0, 0},
            8,
            "u",
            "v");
    assertThat(o.converged()).isFalse();
    assertThat(o.message()).isEqualTo("the optimiser did not converge in 8 evaluations");
  }

  @Test
  void optimiserFindsAnInteriorMaximum() {
    MaximumLikelihood.Optimum o =
        MaximumLikelihood.maximize(
            v -> -(v[0] - 5) * (v[0] - 5) - (v[1] + 3) * (v[1] + 3) * 100,
            new double[] {0, 0},
            "u",
            "v");
    assertThat(o.converged()).isTrue();
    assertThat(o.message()).isEqualTo("converged");
    assertThat(o.logParameters()[0]).isCloseTo(5, within(1e-6));
    assertThat(o.logParameters()[1]).isCloseTo(-3, within(1e-6));
  }
}
