package io.segmentation.warehouse;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * File layout of the written tables: about {@value #ROWS_PER_FILE} rows per file (tens of MB of
 * Parquet), so small tables are one file and large ones neither one giant file nor thousands of
 * tiny ones. Sizing uses the row counts the run already knows; no extra pass over the data.
 */
public final class Layout {
  public static final long ROWS_PER_FILE = 2_000_000;

  /** A file is not made smaller than this to keep every task slot busy. */
  static final long MIN_ROWS_PER_FILE = 250_000;

  /** {@link #clustered} splits the key range between files from this many files on. */
  static final int RANGE_PARTITIONED_FROM = 4;

  private Layout() {}

  /** How many files {@code rows} rows should take. */
  public static int files(long rows) {
    return (int) Math.max(1, Math.min(10_000, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
  }

  /** Fewer partitions (no shuffle) for a table of about {@code rows} rows. */
  public static Dataset<Row> compact(Dataset<Row> df, long rows) {
    return df.coalesce(files(rows));
  }

  /**
   * Range-partitioned and sorted by {@code order}: each file holds a narrow, sorted slice of the
   * key range, so Delta's per-file min/max statistics let readers (Power BI DirectQuery filters on
   * date and segment) skip most files. Written this way in the same pass, the table needs no
   * OPTIMIZE rewrite afterwards.
   *
   * @param order one sort key; a single non-null integral key is sorted by radix sort, without
   *     comparing rows (see {@code StarSchema.salesOrder})
   * @param writers how many tasks can run at once: a table too small to split by key range is still
   *     written by that many tasks (see {@link #unsplitFiles}), not by one
   */
  public static Dataset<Row> clustered(Dataset<Row> df, long rows, int writers, Column order) {
    int files = files(rows);
    if (files < RANGE_PARTITIONED_FROM) {
      // A few files: splitting the key range between them skips next to nothing, and costs a
      // sampling pass and a shuffle of every row (measured: 12 s of the 10x run's write stage).
      // Sorted files still give readers tight min/max statistics per row group.
      return df.coalesce(unsplitFiles(rows, writers)).sortWithinPartitions(order);
    }
    return df.repartitionByRange(files, order).sortWithinPartitions(order);
  }

  /**
   * Files of a table not split by key range: a multiple of {@code writers}, so every task slot
   * works to the end (the joins and the sort upstream run in these tasks too: one file of the
   * 541,909 real sales took one 5-second task while the other core idled), but no file under
   * {@value #MIN_ROWS_PER_FILE} rows.
   */
  static int unsplitFiles(long rows, int writers) {
    int bySize = files(rows);
    int slots = Math.max(1, writers);
    long roundedUp = ((long) Math.max(bySize, slots) + slots - 1) / slots * slots;
    return (int) Math.max(bySize, Math.min(roundedUp, rows / MIN_ROWS_PER_FILE));
  }
}
