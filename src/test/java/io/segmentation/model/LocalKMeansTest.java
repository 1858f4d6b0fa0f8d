package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The driver-side k search's KMeans and silhouette, against figures worked out by hand. */
@Tag("unit")
class LocalKMeansTest {

  @Test
  void silhouetteOfTwoPairsIsTheHandComputedMean() {
    // Squared distances: inside each pair 4; A to the other pair (100 + 144) / 2 = 122, B 82,
    // C 82, D 122. s = 1 - a / b, so the mean is 1 - (2/122 + 2/82) / 2 * 2 / 2.
    double[][] points = {{0}, {2}, {10}, {12}};
    double expected = ((1 - 4.0 / 122) * 2 + (1 - 4.0 / 82) * 2) / 4;
    assertThat(LocalKMeans.silhouette(points, new int[] {0, 0, 1, 1}, 2))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void aPointAloneInItsClusterScoresZero() {
    // {0} alone: 0. 5: a = 1, b = 25. 6: a = 1, b = 36.
    double[][] points = {{0}, {5}, {6}};
    double expected = (0 + (1 - 1.0 / 25) + (1 - 1.0 / 36)) / 3;
    assertThat(LocalKMeans.silhouette(points, new int[] {0, 1, 1}, 2))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void aPointNearerAnotherClusterScoresBelowZero() {
    // 4 sits in the cluster of 0 but is nearer 5: a = 16, b = 1, s = 1/16 - 1.
    double[][] points = {{0}, {4}, {5}, {5}};
    double s4 = 1.0 / 16 - 1;
    double s0 = 1 - 16.0 / 25;
    double s5 = 1; // a = 0 (the other 5), b = (25 + 1) / 2 = 13
    assertThat(LocalKMeans.silhouette(points, new int[] {0, 0, 1, 1}, 2))
        .isCloseTo((s0 + s4 + 2 * s5) / 4, within(1e-12));
  }

  @Test
  void findsThreeSeparatedGroupsWithTheirMeansAsCentres() {
    double[][] points = blobs(new double[][] {{0, 0}, {10, 0}, {0, 10}}, 100, 1);
    LocalKMeans.Fit fit = LocalKMeans.fit(points, 3, 42, 5, 100, 1e-6, null);
    assertThat(fit.sizes()).containsExactlyInAnyOrder(100L, 100L, 100L);
    for (int g = 0; g < 3; g++) {
      double[] mean = new double[2];
      for (int i = g * 100; i < (g + 1) * 100; i++) {
        assertThat(fit.assignment()[i]).isEqualTo(fit.assignment()[g * 100]);
        mean[0] += points[i][0] / 100;
        mean[1] += points[i][1] / 100;
      }
      double[] centre = fit.centers()[fit.assignment()[g * 100]];
      assertThat(centre[0]).isCloseTo(mean[0], within(1e-9));
      assertThat(centre[1]).isCloseTo(mean[1], within(1e-9));
    }
    assertThat(LocalKMeans.silhouette(points, fit.assignment(), 3)).isGreaterThan(0.9);
  }

  @Test
  void theSameSeedGivesTheSameFitAndMoreStartsNeverCostMore() {
    double[][] points = blobs(new double[][] {{0, 0}, {3, 0}, {0, 3}, {3, 3}, {6, 6}}, 40, 2);
    LocalKMeans.Fit a = LocalKMeans.fit(points, 4, 7, 1, 50, 1e-6, null);
    LocalKMeans.Fit b = LocalKMeans.fit(points, 4, 7, 1, 50, 1e-6, null);
    assertThat(a.centers()).isEqualTo(b.centers());
    LocalKMeans.Fit ten = LocalKMeans.fit(points, 4, 7, 10, 50, 1e-6, null);
    assertThat(ten.cost()).isLessThanOrEqualTo(a.cost());
  }

  @Test
  void aWarmStartIsKeptUnlessAnotherStartIsClearlyBetter() {
    double[][] points = blobs(new double[][] {{0, 0}, {10, 0}}, 50, 3);
    // The right centres, given in the reverse order: kept in that order.
    double[][] warm = {{10, 0}, {0, 0}};
    LocalKMeans.Fit kept = LocalKMeans.fit(points, 2, 1, 5, 50, 1e-6, warm);
    assertThat(kept.assignment()[0]).isEqualTo(1);
    assertThat(kept.assignment()[50]).isEqualTo(0);
    // Both centres inside one group and no Lloyd step: clearly worse than the k-means++ starts,
    // which land one centre in each group, so it is not kept.
    double[][] bad = {{0, 0}, {0.1, 0}};
    LocalKMeans.Fit replaced = LocalKMeans.fit(points, 2, 1, 5, 0, 1e-6, bad);
    LocalKMeans.Fit fresh = LocalKMeans.fit(points, 2, 1, 5, 0, 1e-6, null);
    assertThat(replaced.cost()).isEqualTo(fresh.cost());
  }

  @Test
  void assignReportsNearestCentreSizesAndCost() {
    double[][] points = {{0}, {1}, {9}, {10}, {11}};
    LocalKMeans.Fit fit = LocalKMeans.assign(points, new double[][] {{0.5}, {10}});
    assertThat(fit.assignment()).containsExactly(0, 0, 1, 1, 1);
    assertThat(fit.sizes()).containsExactly(2L, 3L);
    assertThat(fit.cost()).isCloseTo(0.25 + 0.25 + 1 + 0 + 1, within(1e-12));
  }

  private static double[][] blobs(double[][] centres, int each, long seed) {
    Random rnd = new Random(seed);
    double[][] points = new double[centres.length * each][];
    for (int g = 0; g < centres.length; g++) {
      for (int i = 0; i < each; i++) {
        double[] p = centres[g].clone();
        for (int d = 0; d < p.length; d++) {
          p[d] += rnd.nextGaussian() * 0.5;
        }
        points[g * each + i] = p;
      }
    }
    return points;
  }

  @Test
  void plusPlusPicksDistinctPointsOfTheData() {
    double[][] points = {{0}, {1}, {100}, {101}};
    double[][] centres = LocalKMeans.plusPlus(points, 2, new SplittableRandom(5));
    double[] sorted = Arrays.stream(centres).mapToDouble(c -> c[0]).sorted().toArray();
    assertThat(sorted[0]).isLessThanOrEqualTo(1);
    assertThat(sorted[1]).isGreaterThanOrEqualTo(100);
  }
}
