package io.segmentation.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The log-likelihoods against the papers' closed forms written out by hand for tiny cases: Beta and
 * Gamma function ratios with whole-number arguments become products, so no special function of the
 * code under test is involved.
 */
@Tag("unit")
class LikelihoodTest {
  private static final double R = 0.7;
  private static final double ALPHA = 12.0;
  private static final double A = 0.8;
  private static final double B = 2.5;
  private static final NbdParameters P = new NbdParameters(R, ALPHA, A, B);

  /**
   * BG/NBD (Fader, Hardie and Lee 2005, eq. 6): L = B(a, b + x) / B(a, b) Gamma(r + x) alpha^r /
   * (Gamma(r) (alpha + T)^(r + x)) + [x > 0] B(a + 1, b + x - 1) / B(a, b) Gamma(r + x) alpha^r /
   * (Gamma(r) (alpha + t_x)^(r + x)). With x = 2: Gamma(r + 2) / Gamma(r) = r (r + 1), B(a, b + 2)
   * / B(a, b) = b (b + 1) / ((a + b)(a + b + 1)), B(a + 1, b + 1) / B(a, b) = a b / ((a + b)(a + b
   * + 1)).
   */
  @Test
  void bgNbdMatchesThePaperForTwoRepeatPurchases() {
    double tx = 20;
    double age = 50;
    double rising = R * (R + 1);
    double ab = (A + B) * (A + B + 1);
    double alive = B * (B + 1) / ab * rising * Math.pow(ALPHA, R) / Math.pow(ALPHA + age, R + 2);
    double dropped = A * B / ab * rising * Math.pow(ALPHA, R) / Math.pow(ALPHA + tx, R + 2);
    assertThat(new BgNbd().logLikelihood(P, 2, tx, age))
        .isCloseTo(Math.log(alive + dropped), within(1e-12));
  }

  /** BG/NBD, x = 0: the customer is alive and bought nothing in T, (alpha / (alpha + T))^r. */
  @Test
  void bgNbdWithoutRepeatPurchase() {
    assertThat(new BgNbd().logLikelihood(P, 0, 0, 30))
        .isCloseTo(R * Math.log(ALPHA / (ALPHA + 30)), within(1e-12));
  }

  /**
   * MBG/NBD (Batislam, Denizel and Filiztekin 2007): L = B(a, b + x + 1) / B(a, b) Gamma(r + x)
   * alpha^r / (Gamma(r) (alpha + T)^(r + x)) + B(a + 1, b + x) / B(a, b) Gamma(r + x) alpha^r /
   * (Gamma(r) (alpha + t_x)^(r + x)). With x = 2: B(a, b + 3) / B(a, b) = b (b + 1)(b + 2) / ((a +
   * b)(a + b + 1)(a + b + 2)), B(a + 1, b + 2) / B(a, b) = a b (b + 1) / (the same).
   */
  @Test
  void mbgNbdMatchesThePaperForTwoRepeatPurchases() {
    double tx = 20;
    double age = 50;
    double rising = R * (R + 1);
    double ab = (A + B) * (A + B + 1) * (A + B + 2);
    double alive =
        B * (B + 1) * (B + 2) / ab * rising * Math.pow(ALPHA, R) / Math.pow(ALPHA + age, R + 2);
    double dropped =
        A * B * (B + 1) / ab * rising * Math.pow(ALPHA, R) / Math.pow(ALPHA + tx, R + 2);
    assertThat(new ModifiedBgNbd().logLikelihood(P, 2, tx, age))
        .isCloseTo(Math.log(alive + dropped), within(1e-12));
  }

  /**
   * MBG/NBD, x = 0: gone right after the first purchase (probability a / (a + b)), or alive and
   * silent for T (b / (a + b) (alpha / (alpha + T))^r).
   */
  @Test
  void mbgNbdWithoutRepeatPurchase() {
    double expected = A / (A + B) + B / (A + B) * Math.pow(ALPHA / (ALPHA + 30), R);
    assertThat(new ModifiedBgNbd().logLikelihood(P, 0, 0, 30))
        .isCloseTo(Math.log(expected), within(1e-12));
  }

  /** The sum over histories weights each by its count. */
  @Test
  void historiesAreSummedWithTheirCounts() {
    PurchaseHistories h =
        PurchaseHistories.of(
            new double[] {0, 2, 2},
            new double[] {0, 20, 5},
            new double[] {30, 50, 40},
            new double[] {3, 1, 2});
    ModifiedBgNbd m = new ModifiedBgNbd();
    double expected =
        3 * m.logLikelihood(P, 0, 0, 30)
            + m.logLikelihood(P, 2, 20, 50)
            + 2 * m.logLikelihood(P, 2, 5, 40);
    assertThat(m.logLikelihood(P, h)).isCloseTo(expected, within(1e-9));
    assertThat(h.customers()).isEqualTo(6);
  }

  /**
   * Gamma-Gamma, x = 2 orders of mean m = 3, p = 2, q = 3, gamma = 4: the density of the mean is
   * gamma^q x^(p x) m^(p x - 1) Gamma(p x + q) / (Gamma(q) Gamma(p x) (gamma + x m)^(p x + q)), and
   * Gamma(7) / (Gamma(3) Gamma(4)) = 720 / (2 * 6) = 60.
   */
  @Test
  void gammaGammaMatchesTheDensityOfTheMean() {
    double density = Math.pow(4, 3) * Math.pow(2, 4) * Math.pow(3, 3) * 60 / Math.pow(4 + 6, 7);
    assertThat(GammaGamma.logLikelihood(new GammaGammaParameters(2, 3, 4), 2, 3))
        .isCloseTo(Math.log(density), within(1e-12));
  }

  /** The same, summed over customers; customers without a positive repeat value are left out. */
  @Test
  void gammaGammaLeavesOutCustomersWithoutPositiveRepeatValue() {
    OrderValues v =
        OrderValues.of(new double[] {2, 0, 2, 1, 3}, new double[] {3, 0, 3, -5, Double.NaN});
    assertThat(v.size()).isEqualTo(2);
    assertThat(v.excluded()).isEqualTo(3);
    double density = Math.pow(4, 3) * Math.pow(2, 4) * Math.pow(3, 3) * 60 / Math.pow(4 + 6, 7);
    assertThat(GammaGamma.logLikelihood(new GammaGammaParameters(2, 3, 4), v))
        .isCloseTo(2 * Math.log(density), within(1e-12));
  }
}
