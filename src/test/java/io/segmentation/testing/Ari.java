package io.segmentation.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Adjusted Rand index from a contingency table, written out from its textbook definition. */
public final class Ari {
  private Ari() {}

  /**
   * @param cells rows of (label a, label b, count)
   */
  public static double of(List<Row> cells) {
    Map<Object, Long> rows = new HashMap<>();
    Map<Object, Long> cols = new HashMap<>();
    double sumCells = 0;
    long n = 0;
    for (Row r : cells) {
      long c = r.getLong(2);
      rows.merge(r.get(0), c, Long::sum);
      cols.merge(r.get(1), c, Long::sum);
      sumCells += pairs(c);
      n += c;
    }
    double sumRows = rows.values().stream().mapToDouble(Ari::pairs).sum();
    double sumCols = cols.values().stream().mapToDouble(Ari::pairs).sum();
    double expected = sumRows * sumCols / pairs(n);
    double max = (sumRows + sumCols) / 2;
    return (sumCells - expected) / (max - expected);
  }

  private static double pairs(long x) {
    return x * (x - 1) / 2.0;
  }
}
