package io.segmentation.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** P(alive), conditional expected purchases and expected order value. */
@Tag("unit")
class PredictionTest {
  /** The BG/NBD fit to the CDNOW sample (Fader, Hardie and Lee 2005), time in weeks. */
  private static final NbdParameters CDNOW = new NbdParameters(0.243, 4.414, 0.793, 2.426);

  private static final NbdParameters P = new NbdParameters(0.6, 40.0, 0.9, 2.2);

  @Test
  void bgNbdCustomerWithoutRepeatPurchaseIsAlive() {
    for (double age : new double[] {0, 1, 30, 365, 10_000}) {
      assertThat(new BgNbd().probabilityAlive(P, 0, 0, age)).isEqualTo(1.0);
    }
  }

  /** Every x: P(alive) falls as the last purchase recedes (t_x earlier, or T later). */
  @Test
  void mbgNbdProbabilityAliveFallsWithTimeSinceLastPurchase() {
    ModifiedBgNbd m = new ModifiedBgNbd();
    for (int x = 0; x <= 30; x++) {
      double previous = 1.0;
      for (double age = 0; age <= 720; age += 15) {
        double tx = x == 0 ? 0 : 5;
        double alive = m.probabilityAlive(P, x, Math.min(tx, age), age);
        assertThat(alive).as("x = %d, T = %s", x, age).isBetween(0.0, 1.0).isLessThan(previous);
        previous = alive;
      }
      if (x > 0) {
        previous = 1.0;
        for (double tx = 360; tx >= 0; tx -= 15) {
          double alive = m.probabilityAlive(P, x, tx, 360);
          assertThat(alive).as("x = %d, t_x = %s", x, tx).isLessThan(previous);
          previous = alive;
        }
      }
    }
  }

  /**
   * Fader and Hardie's BG/NBD spreadsheet for CDNOW: a customer with x = 2, t_x = 30.43, T = 38.86
   * (weeks) is expected to make 1.226 purchases in the next 39 weeks.
   */
  @Test
  void bgNbdExpectationMatchesThePublishedValue() {
    assertThat(new BgNbd().expectedPurchases(CDNOW, 39, 2, 30.43, 38.86))
        .isCloseTo(1.226, within(0.0005));
  }

  /**
   * The models use Euler's transformation of the papers' hypergeometric term; here the papers'
   * untransformed formulas with a series summed in the test.
   */
  @Test
  void expectationsMatchThePapersUntransformedFormulas() {
    double[][] cases = {{0, 0, 100}, {1, 10, 100}, {4, 80, 100}, {12, 300, 365}, {40, 360, 365}};
    for (double[] c : cases) {
      double x = c[0];
      double tx = c[1];
      double age = c[2];
      for (double t : new double[] {7, 90, 365}) {
        assertThat(new ModifiedBgNbd().expectedPurchases(P, t, x, tx, age))
            .as("MBG/NBD x=%s t_x=%s T=%s t=%s", x, tx, age, t)
            .isCloseTo(paper(P, t, x, tx, age, true), within(1e-9));
        assertThat(new BgNbd().expectedPurchases(P, t, x, tx, age))
            .as("BG/NBD x=%s t_x=%s T=%s t=%s", x, tx, age, t)
            .isCloseTo(paper(P, t, x, tx, age, false), within(1e-9));
      }
    }
  }

  @Test
  void expectationsGrowWithTheHorizonAndWithX() {
    ModifiedBgNbd m = new ModifiedBgNbd();
    assertThat(m.expectedPurchases(P, 365, 3, 90, 100))
        .isGreaterThan(m.expectedPurchases(P, 90, 3, 90, 100));
    assertThat(m.expectedPurchases(P, 90, 6, 90, 100))
        .isGreaterThan(m.expectedPurchases(P, 90, 3, 90, 100));
    assertThat(m.expectedPurchases(P, 0, 3, 90, 100)).isCloseTo(0.0, within(1e-12));
  }

  /** a = 1 is a removable singularity of the closed form: the value there is its limit. */
  @Test
  void expectationAtAEqualToOneIsTheLimit() {
    NbdParameters at = new NbdParameters(0.6, 40, 1.0, 2.2);
    NbdParameters near = new NbdParameters(0.6, 40, 1.0 + 1e-5, 2.2);
    double value = new ModifiedBgNbd().expectedPurchases(at, 90, 3, 60, 100);
    assertThat(value).isFinite();
    assertThat(value)
        .isCloseTo(new ModifiedBgNbd().expectedPurchases(near, 90, 3, 60, 100), within(1e-4));
  }

  /**
   * p = 2, q = 3, gamma = 4: population mean p gamma / (q - 1) = 4; with x = 2, m = 3 the weight of
   * m is p x / (p x + q - 1) = 2/3, so 4/3 + 2 = 10/3.
   */
  @Test
  void gammaGammaExpectedOrderValue() {
    GammaGammaParameters g = new GammaGammaParameters(2, 3, 4);
    assertThat(GammaGamma.expectedOrderValue(g, 2, 3).getAsDouble())
        .isCloseTo(10.0 / 3, within(1e-12));
    assertThat(GammaGamma.expectedOrderValue(g, 0, 0).getAsDouble()).isCloseTo(4, within(1e-12));
    assertThat(GammaGamma.expectedOrderValue(new GammaGammaParameters(2, 1, 4), 2, 3)).isEmpty();
    assertThat(GammaGamma.expectedOrderValue(new GammaGammaParameters(2, 0.5, 4), 2, 3)).isEmpty();
  }

  /**
   * FHL 2005 eq. 10 (BG/NBD) and Batislam et al. 2007 (MBG/NBD): numerator F [1 - 2F1(r + x, b + x
   * + s; a + b + x - 1 + s; z) ((alpha + T) / (alpha + T + t))^(r + x)], F = (a + b + x - 1 + s) /
   * (a - 1), s = 1 for MBG/NBD and 0 for BG/NBD; denominator 1 + [x > 0 or MBG] a / (b + x - 1 + s)
   * ((alpha + T) / (alpha + t_x))^(r + x).
   */
  private static double paper(
      NbdParameters p, double t, double x, double tx, double age, boolean modified) {
    double s = modified ? 1 : 0;
    double z = t / (p.alpha() + age + t);
    double hyp = series(p.r() + x, p.b() + x + s, p.a() + p.b() + x - 1 + s, z);
    double ratio = (p.alpha() + age) / (p.alpha() + age + t);
    double numerator =
        (p.a() + p.b() + x - 1 + s) / (p.a() - 1) * (1 - hyp * Math.pow(ratio, p.r() + x));
    double drop = modified || x > 0 ? 1 : 0;
    double denominator =
        1
            + drop
                * p.a()
                / (p.b() + x - 1 + s)
                * Math.pow((p.alpha() + age) / (p.alpha() + tx), p.r() + x);
    return numerator / denominator;
  }

  /** 2F1 by its plain series, 20,000 terms (enough for z <= 0.9 and these parameters). */
  private static double series(double a, double b, double c, double z) {
    double term = 1;
    double sum = 1;
    for (int n = 0; n < 20_000; n++) {
      term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
      sum += term;
    }
    return sum;
  }
}
