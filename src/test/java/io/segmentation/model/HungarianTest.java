package io.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class HungarianTest {

  @Test
  void findsTheOptimumWhereGreedyFails() {
    // Greedy takes (0,0)=1 first and then pays 100 for (1,1); the optimum is 2 + 3.
    double[][] cost = {{1, 2}, {3, 100}};
    assertThat(Hungarian.assign(cost)).containsExactly(1, 0);
    assertThat(Hungarian.total(cost, Hungarian.assign(cost))).isEqualTo(5.0);
  }

  @Test
  void classicThreeByThree() {
    double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    int[] a = Hungarian.assign(cost);
    assertThat(Hungarian.total(cost, a)).isEqualTo(5.0);
    assertThat(a).containsExactly(1, 0, 2);
  }

  @Test
  void moreColumnsThanRowsLeavesColumnsFree() {
    double[][] cost = {{9, 1, 9, 9}, {9, 9, 9, 0.5}};
    assertThat(Hungarian.assign(cost)).containsExactly(1, 3);
  }

  @Test
  void moreRowsThanColumnsLeavesRowsOut() {
    double[][] cost = {{5}, {1}, {3}};
    assertThat(Hungarian.assign(cost)).containsExactly(-1, 0, -1);
  }

  @Test
  void emptyAndDegenerate() {
    assertThat(Hungarian.assign(new double[0][0])).isEmpty();
    assertThat(Hungarian.assign(new double[][] {{}, {}})).containsExactly(-1, -1);
    assertThatThrownBy(() -> Hungarian.assign(new double[][] {{Double.NaN}}))
        .hasMessageContaining("finite");
  }

  @Test
  void matchesBruteForceOnRandomMatrices() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + rnd.nextInt(6);
      int m = 1 + rnd.nextInt(6);
      double[][] cost = new double[n][m];
      for (double[] row : cost) {
        for (int j = 0; j < m; j++) {
          row[j] = rnd.nextInt(20) / 2.0;
        }
      }
      int[] a = Hungarian.assign(cost);
      assertThat(a).hasSize(n);
      assertThat(Arrays.stream(a).filter(x -> x >= 0).distinct().count()).isEqualTo(Math.min(n, m));
      assertThat(Hungarian.total(cost, a))
          .isCloseTo(
              brute(cost, 0, new boolean[m], Math.min(n, m)),
              org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  /** The smallest total over every assignment of exactly {@code need} rows to distinct columns. */
  private static double brute(double[][] cost, int row, boolean[] used, int need) {
    if (need == 0) {
      return 0;
    }
    if (row == cost.length) {
      return Double.POSITIVE_INFINITY;
    }
    double best =
        cost.length - row > need ? brute(cost, row + 1, used, need) : Double.POSITIVE_INFINITY;
    for (int j = 0; j < used.length; j++) {
      if (!used[j]) {
        used[j] = true;
        best = Math.min(best, cost[row][j] + brute(cost, row + 1, used, need - 1));
        used[j] = false;
      }
    }
    return best;
  }
}
