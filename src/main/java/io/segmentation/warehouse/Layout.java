package io.segmentation.warehouse;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

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
   * An integral key every row's value of lies in [{@code min}, {@code max}] (the run knows the
   * bounds already, e.g. the sales' first and last day), along which {@link #clustered} splits a
   * large table between files; a null key goes to the first file.
   */
  public record KeySpan(Column key, long min, long max) {}

  /**
   * Split by key range and sorted by {@code order}: each file holds a narrow, sorted slice of the
   * key range, so Delta's per-file min/max statistics let readers (Power BI DirectQuery filters on
   * date and segment) skip most files. Written this way in the same pass, the table needs no
   * OPTIMIZE rewrite afterwards.
   *
   * <p>The files split {@code span} into equal widths (equal days, not equal rows): Spark's range
   * partitioning would sample every row first, one more pass over the data (measured: 58 s of the
   * 100x run's write stage).
   *
   * @param order one sort key; a single non-null integral key is sorted by radix sort, without
   *     comparing rows (see {@code StarSchema.salesOrder})
   * @param writers how many tasks can run at once: a table too small to split by key range is still
   *     written by that many tasks (see {@link #unsplitFiles}), not by one
   * @param span the key the files split, with its bounds
   */
  public static Dataset<Row> clustered(
      Dataset<Row> df, long rows, int writers, Column order, KeySpan span) {
    int files = files(rows);
    if (files < RANGE_PARTITIONED_FROM) {
      // A few files: splitting the key range between them skips next to nothing, and costs a
      // shuffle of every row (measured: 12 s of the 10x run's write stage). Sorted files still
      // give readers tight min/max statistics per row group.
      return df.coalesce(unsplitFiles(rows, writers)).sortWithinPartitions(order);
    }
    return df.repartition(files, fileOf(span, files)).sortWithinPartitions(order);
  }

  /**
   * A value that Spark's hash partitioning into {@code files} partitions sends to partition {@code
   * b}, for the row's slice b of the span: the b-th of {@link #partitionKeys}.
   */
  static Column fileOf(KeySpan span, int files) {
    long width = Math.max(1, span.max() - span.min() + 1);
    Column slice =
        coalesce(
            least(
                greatest(
                    floor(span.key().minus(span.min()).multiply(files).divide(width)), lit(0L)),
                lit((long) files - 1)),
            lit(0L));
    Column[] keys =
        IntStream.of(partitionKeys(files)).mapToObj(functions::lit).toArray(Column[]::new);
    return element_at(array(keys), slice.plus(1).cast(DataTypes.IntegerType));
  }

  /**
   * For each partition b of {@code n}, the smallest non-negative int that Spark's hash partitioning
   * sends there: pmod(murmur3(v, seed 42), n) = b, as {@code HashPartitioning} computes it (and as
   * SQL's {@code hash()} does). Partitioning by these values places each slice in a partition of
   * its own, in order.
   */
  static int[] partitionKeys(int n) {
    int[] keys = new int[n];
    Arrays.fill(keys, -1);
    int found = 0;
    for (int v = 0; found < n; v++) {
      int b = Math.floorMod(Murmur3_x86_32.hashInt(v, SPARK_HASH_SEED), n);
      if (keys[b] < 0) {
        keys[b] = v;
        found++;
      }
    }
    return keys;
  }

  /** The seed of Spark's Murmur3Hash, used by hash partitioning and SQL's hash(). */
  private static final int SPARK_HASH_SEED = 42;

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
