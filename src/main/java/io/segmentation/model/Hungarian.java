package io.segmentation.model;

import java.util.Arrays;

/**
 * Optimal one-to-one assignment (the Hungarian algorithm, Kuhn-Munkres with potentials, O(n^2 m))
 * on a rectangular cost matrix: every row is assigned to a distinct column when there are at least
 * as many columns as rows, else every column to a distinct row; the total cost is the smallest
 * possible. Pure and deterministic (ties go to the lower index); used to match segments across
 * runs.
 */
public final class Hungarian {
  private Hungarian() {}

  /**
   * @param cost {@code cost[row][col]}, finite; rows of equal length
   * @return for each row the column assigned to it, or -1 when the row is left out (more rows than
   *     columns)
   */
  public static int[] assign(double[][] cost) {
    int rows = cost.length;
    if (rows == 0) {
      return new int[0];
    }
    int cols = cost[0].length;
    for (double[] r : cost) {
      if (r.length != cols) {
        throw new IllegalArgumentException("cost rows differ in length");
      }
      for (double v : r) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("cost must be finite, got " + v);
        }
      }
    }
    if (cols == 0) {
      int[] none = new int[rows];
      Arrays.fill(none, -1);
      return none;
    }
    if (rows > cols) {
      double[][] t = new double[cols][rows];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          t[j][i] = cost[i][j];
        }
      }
      int[] colToRow = assign(t);
      int[] rowToCol = new int[rows];
      Arrays.fill(rowToCol, -1);
      for (int j = 0; j < cols; j++) {
        rowToCol[colToRow[j]] = j;
      }
      return rowToCol;
    }
    // rows <= cols: the classic shortest augmenting path form, 1-based with a virtual column 0.
    int n = rows;
    int m = cols;
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] p = new int[m + 1]; // p[j] = row matched to column j (1-based), 0 = free
    int[] way = new int[m + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[m + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[m + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = -1;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] rowToCol = new int[n];
    Arrays.fill(rowToCol, -1);
    for (int j = 1; j <= m; j++) {
      if (p[j] != 0) {
        rowToCol[p[j] - 1] = j - 1;
      }
    }
    return rowToCol;
  }

  /** The total cost of an assignment returned by {@link #assign}. */
  public static double total(double[][] cost, int[] assignment) {
    double sum = 0;
    for (int i = 0; i < assignment.length; i++) {
      if (assignment[i] >= 0) {
        sum += cost[i][assignment[i]];
      }
    }
    return sum;
  }
}
