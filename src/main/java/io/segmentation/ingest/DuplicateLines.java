package io.segmentation.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Exact duplicate lines: every line after the first with the same content gets {@code
 * duplicate_row}, unless an earlier rule rejected it. Every column of the source line takes part,
 * mapped or not ({@link InvoiceColumns#UNMAPPED_VALUES}): lines that differ only in a column the
 * job does not read (a row id, a line number) are distinct sales.
 */
final class DuplicateLines {
  private DuplicateLines() {}

  /**
   * @param columns the columns of the raw frame (the unmapped values take part when present)
   * @param partitionKey a function of the raw columns the rows are partitioned by: adding it to the
   *     window's key changes no group, and lets the window use the rows' partitioning as it is
   */
  static Dataset<Row> mark(Dataset<Row> classified, List<String> columns, Column partitionKey) {
    List<Column> lineColumns = new ArrayList<>();
    InvoiceColumns.RAW.forEach(c -> lineColumns.add(col(c)));
    if (columns.contains(InvoiceColumns.UNMAPPED_VALUES)) {
      lineColumns.add(col(InvoiceColumns.UNMAPPED_VALUES));
    }
    // The window sorts each partition's rows by its key, and the run caches them in that order.
    // Two longs lead the key: the first orders the rows by customer (the partition key), then by
    // invoice; the second is a hash of the content, so the sort compares longs, not a dozen
    // strings per pair of rows. Every later pass over the cache meets an invoice's lines one after
    // another and a customer's together: the per-invoice and per-customer aggregations see their
    // keys in runs, and rows written out (the fact_sales shuffle among them) compress better. Both
    // longs are functions of the content, so no group changes.
    List<Column> contentKey = new ArrayList<>();
    contentKey.add(customerThenInvoice(partitionKey));
    contentKey.add(xxhash64(lineColumns.toArray(Column[]::new)));
    contentKey.addAll(lineColumns);
    contentKey.add(partitionKey);
    Column isRepeat =
        row_number()
            .over(
                Window.partitionBy(contentKey.toArray(Column[]::new))
                    .orderBy(col(InvoiceColumns.SOURCE_FILE)))
            .gt(1);
    Column reason = col(InvoiceColumns.REJECT_REASON);
    return classified.withColumn(
        InvoiceColumns.REJECT_REASON,
        when(reason.isNull().and(isRepeat), RejectReason.DUPLICATE_ROW.code()).otherwise(reason));
  }

  /** A long that orders rows by customer, then by invoice: a 32-bit hash of each, high and low. */
  private static Column customerThenInvoice(Column partitionKey) {
    Column invoice = hash(col(InvoiceColumns.INVOICE_NO)).cast("long").bitwiseAND(lit(0xFFFFFFFFL));
    return shiftleft(xxhash64(partitionKey), 32).bitwiseOR(invoice);
  }
}
