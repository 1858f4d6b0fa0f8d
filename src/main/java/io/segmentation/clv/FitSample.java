package io.segmentation.clv;

import static io.segmentation.schema.ClvColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import io.segmentation.schema.InvoiceColumns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The customers a fit runs on, brought to the driver: all of them up to {@code maxCustomers}, a
 * seeded random sample of at most that many beyond. The sample is a hash of the customer id and the
 * seed, so the same customers are drawn whatever the partitioning, and from run to run.
 */
public final class FitSample {
  private static final long BUCKETS = 1_000_000;

  private FitSample() {}

  /**
   * @param summaries {@link ClvSummaries} output (cache it if it is used again: this runs two jobs,
   *     a count and the collect of at most {@code maxCustomers} rows)
   */
  public static CustomerSample collect(Dataset<Row> summaries, int maxCustomers, long seed) {
    return collect(summaries, summaries.count(), maxCustomers, seed);
  }

  /**
   * The same when the number of rows of {@code summaries} is known ({@code customers}): one job.
   */
  public static CustomerSample collect(
      Dataset<Row> summaries, long customers, int maxCustomers, long seed) {
    Dataset<Row> kept = summaries;
    if (customers > maxCustomers) {
      // A hash below the sampling share keeps each customer with that probability; the limit makes
      // the bound exact whatever the draw.
      long threshold = (long) Math.floor((double) maxCustomers / customers * BUCKETS);
      Column bucket = pmod(xxhash64(col(InvoiceColumns.CUSTOMER_ID), lit(seed)), lit(BUCKETS));
      kept = summaries.where(bucket.lt(threshold)).limit(maxCustomers);
    }
    List<Row> rows =
        kept.select(
                col(REPEAT_PURCHASES),
                col(LAST_PURCHASE_DAY),
                col(OBSERVED_DAYS),
                col(MEAN_REPEAT_VALUE),
                col(HOLDOUT_PURCHASES))
            .collectAsList();
    int n = rows.size();
    double[] x = new double[n];
    double[] tx = new double[n];
    double[] age = new double[n];
    double[] mean = new double[n];
    double[] holdout = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      x[i] = r.getInt(0);
      tx[i] = r.getDouble(1);
      age[i] = r.getDouble(2);
      mean[i] = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
      holdout[i] = r.getInt(4);
    }
    return new CustomerSample(x, tx, age, mean, holdout);
  }
}
