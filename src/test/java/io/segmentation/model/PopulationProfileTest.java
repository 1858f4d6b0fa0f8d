package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PopulationProfileTest {

  @Test
  void psiIsZeroForTheSameSharesAndGrowsWithTheShift() {
    double[] even = {0.25, 0.25, 0.25, 0.25};
    assertThat(PopulationProfile.psi(even, even)).isZero();
    // Hand-computed: 2 x (0.1 x ln(0.35/0.25)) + 2 x (-0.1 x ln(0.15/0.25)) = 0.1695
    double[] shifted = {0.35, 0.35, 0.15, 0.15};
    assertThat(PopulationProfile.psi(even, shifted))
        .isCloseTo(0.2 * Math.log(0.35 / 0.25) - 0.2 * Math.log(0.15 / 0.25), offset(1e-12));
    assertThat(PopulationProfile.psi(even, shifted)).isCloseTo(0.1695, offset(1e-4));
  }

  @Test
  void anEmptyBucketStaysFinite() {
    assertThat(PopulationProfile.psi(new double[] {0.5, 0.5}, new double[] {1.0, 0.0}))
        .isFinite()
        .isGreaterThan(1.0);
  }
}
