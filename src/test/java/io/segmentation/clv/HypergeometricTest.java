package io.segmentation.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 2F1 against closed forms (Abramowitz and Stegun 15.1) and a terminating series. */
@Tag("unit")
class HypergeometricTest {
  private static final double[] ZS = {-0.9, -0.5, -0.1, 0.0, 0.1, 0.5, 0.9, 0.99};

  @Test
  void oneOneTwoIsMinusLogOneMinusZOverZ() {
    for (double z : ZS) {
      double expected = z == 0 ? 1 : -Math.log(1 - z) / z;
      assertThat(Hypergeometric.f21(1, 1, 2, z)).as("z = %s", z).isCloseTo(expected, rel(1e-12));
    }
  }

  @Test
  void cEqualToBIsABinomial() {
    for (double z : ZS) {
      for (double a : new double[] {0.3, 1.7, 4.0, 25.5}) {
        double expected = Math.pow(1 - z, -a);
        assertThat(Hypergeometric.f21(a, 2.5, 2.5, z))
            .as("a = %s, z = %s", a, z)
            .isCloseTo(expected, rel(1e-11));
      }
    }
  }

  @Test
  void arcsinAndArctan() {
    for (double x : new double[] {0.1, 0.5, 0.9, 0.99}) {
      assertThat(Hypergeometric.f21(0.5, 0.5, 1.5, x * x)).isCloseTo(Math.asin(x) / x, rel(1e-11));
      assertThat(Hypergeometric.f21(0.5, 1, 1.5, -x * x)).isCloseTo(Math.atan(x) / x, rel(1e-12));
    }
  }

  @Test
  void negativeIntegerATerminatesTheSeries() {
    double b = 1.3;
    double c = 2.2;
    double z = 0.7;
    double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
    assertThat(Hypergeometric.f21(-2, b, c, z)).isCloseTo(expected, rel(1e-14));
  }

  @Test
  void tabulatedValue() {
    // 2F1(1/2, 1/2; 1; k^2) = 2 K(k) / pi, the complete elliptic integral; K(sin 60 deg) =
    // 2.1565156474996432 (Abramowitz and Stegun table 17.1).
    double k2 = 0.75;
    assertThat(Hypergeometric.f21(0.5, 0.5, 1, k2))
        .isCloseTo(2 * 2.1565156474996432 / Math.PI, rel(1e-12));
  }

  @Test
  void growingTermsAreNotMistakenForConvergence() {
    // Terms of 2F1(30, 30; 1; 0.5) grow for the first ~60 terms; compare with Euler's
    // transformation 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z) written out.
    double direct = Hypergeometric.f21(30, 30, 1, 0.5);
    double euler = Math.pow(0.5, 1 - 60) * Hypergeometric.f21(-29, -29, 1, 0.5);
    assertThat(direct).isCloseTo(euler, rel(1e-10));
  }

  @Test
  void refusesArgumentsOutsideTheSeriesDomain() {
    assertThatThrownBy(() -> Hypergeometric.f21(1, 1, 2, 1.0)).hasMessageContaining("|z| < 1");
    assertThatThrownBy(() -> Hypergeometric.f21(1, 1, -2, 0.5)).hasMessageContaining("pole");
    assertThatThrownBy(() -> Hypergeometric.f21(Double.NaN, 1, 2, 0.5))
        .hasMessageContaining("finite");
  }

  /** A relative tolerance. */
  private static Percentage rel(double tolerance) {
    return Percentage.withPercentage(100 * tolerance);
  }
}
