package io.segmentation.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fits on 20,000 customers simulated with known parameters. Each fit must reach at least the
 * log-likelihood of the true parameters (it is a maximum), and recover each parameter within four
 * standard errors, taken from the observed information (the negative inverse Hessian of the
 * log-likelihood at the fit, by finite differences). Four standard errors: the estimates are
 * asymptotically normal, so a correct fit misses by that much with probability 6e-5 per parameter,
 * while a wrong likelihood misses by far more at this sample size. The drop-out parameters a and b
 * are weakly identified (relative to their values, their standard errors are two to six times r's,
 * and their estimates strongly correlated: only customers who stop buying inform them), so their
 * tolerance is wide in absolute terms; r and alpha are pinned tightly.
 */
@Tag("unit")
class FitRecoveryTest {
  private static final int CUSTOMERS = 20_000;

  /** The MBG/NBD and BG/NBD truths: about 3 and 3.5 repeat purchases a year, days as the unit. */
  private static final NbdParameters MBG_TRUE = new NbdParameters(0.5, 60, 0.9, 2.5);

  private static final NbdParameters BG_TRUE = new NbdParameters(0.243, 30.9, 0.793, 2.426);

  /** The CDNOW Gamma-Gamma fit (Fader, Hardie and Lee 2005). */
  private static final GammaGammaParameters GG_TRUE = new GammaGammaParameters(6.25, 3.74, 15.44);

  @Test
  void mbgNbdRecoversItsParameters() {
    assertRecovered(new ModifiedBgNbd(), MBG_TRUE, 20260401L);
  }

  @Test
  void bgNbdRecoversItsParameters() {
    assertRecovered(new BgNbd(), BG_TRUE, 20260402L);
  }

  private static void assertRecovered(PurchaseModel model, NbdParameters truth, long seed) {
    boolean modified = model instanceof ModifiedBgNbd;
    PurchaseHistories h =
        SimulatedCustomers.nbd(truth, modified, CUSTOMERS, seed, 30, 390, 0).histories();
    PurchaseFit fit = PurchaseModelFitter.fit(model, h);
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.CONVERGED);
    NbdParameters p = fit.parameters().orElseThrow();
    double trueLogLikelihood = model.logLikelihood(truth, h);
    assertThat(fit.logLikelihood().getAsDouble()).isGreaterThanOrEqualTo(trueLogLikelihood);

    double[] fitted = {p.r(), p.alpha(), p.a(), p.b()};
    double[] expected = {truth.r(), truth.alpha(), truth.a(), truth.b()};
    double[] se =
        standardErrors(
            v -> model.logLikelihood(new NbdParameters(v[0], v[1], v[2], v[3]), h), fitted);
    System.out.printf(
        "%s: fitted %s, true %s, standard errors r %.4f alpha %.3f a %.4f b %.4f, log-likelihood"
            + " %.2f (true parameters %.2f)%n",
        model.type(),
        p,
        truth,
        se[0],
        se[1],
        se[2],
        se[3],
        fit.logLikelihood().getAsDouble(),
        trueLogLikelihood);
    String[] names = {"r", "alpha", "a", "b"};
    for (int i = 0; i < 4; i++) {
      assertThat(Math.abs(fitted[i] - expected[i]))
          .as("%s: fitted %s, true %s, standard error %s", names[i], fitted[i], expected[i], se[i])
          .isLessThanOrEqualTo(4 * se[i]);
    }
  }

  @Test
  void gammaGammaRecoversItsParameters() {
    OrderValues v = SimulatedCustomers.gammaGamma(GG_TRUE, CUSTOMERS, 8, 20260403L);
    GammaGammaFit fit = GammaGammaFitter.fit(v);
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.CONVERGED);
    GammaGammaParameters g = fit.parameters().orElseThrow();
    double trueLogLikelihood = GammaGamma.logLikelihood(GG_TRUE, v);
    assertThat(fit.logLikelihood().getAsDouble()).isGreaterThanOrEqualTo(trueLogLikelihood);
    double[] fitted = {g.p(), g.q(), g.gamma()};
    double[] expected = {GG_TRUE.p(), GG_TRUE.q(), GG_TRUE.gamma()};
    double[] se =
        standardErrors(
            w -> GammaGamma.logLikelihood(new GammaGammaParameters(w[0], w[1], w[2]), v), fitted);
    System.out.printf(
        "Gamma-Gamma: fitted %s, true %s, standard errors p %.4f q %.4f gamma %.4f,"
            + " log-likelihood %.2f (true parameters %.2f)%n",
        g, GG_TRUE, se[0], se[1], se[2], fit.logLikelihood().getAsDouble(), trueLogLikelihood);
    for (int i = 0; i < 3; i++) {
      assertThat(Math.abs(fitted[i] - expected[i]))
          .as(
              "parameter %d: fitted %s, true %s, standard error %s",
              i, fitted[i], expected[i], se[i])
          .isLessThanOrEqualTo(4 * se[i]);
    }
  }

  /**
   * Standard errors from the observed information: the square roots of the diagonal of the inverse
   * of minus the Hessian of {@code logLikelihood} at {@code at} (central differences, steps of 1e-4
   * of each parameter).
   */
  static double[] standardErrors(ToDoubleFunction<double[]> logLikelihood, double[] at) {
    int n = at.length;
    double[][] hessian = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double hi = 1e-4 * at[i];
        double hj = 1e-4 * at[j];
        double pp = shifted(logLikelihood, at, i, hi, j, hj);
        double pm = shifted(logLikelihood, at, i, hi, j, -hj);
        double mp = shifted(logLikelihood, at, i, -hi, j, hj);
        double mm = shifted(logLikelihood, at, i, -hi, j, -hj);
        hessian[i][j] = (pp - pm - mp + mm) / (4 * hi * hj);
      }
    }
    RealMatrix covariance =
        new LUDecomposition(new Array2DRowRealMatrix(hessian).scalarMultiply(-1))
            .getSolver()
            .getInverse();
    double[] se = new double[n];
    for (int i = 0; i < n; i++) {
      se[i] = Math.sqrt(covariance.getEntry(i, i));
    }
    return se;
  }

  private static double shifted(
      ToDoubleFunction<double[]> f, double[] at, int i, double di, int j, double dj) {
    double[] v = at.clone();
    v[i] += di;
    v[j] += dj;
    return f.applyAsDouble(v);
  }
}
