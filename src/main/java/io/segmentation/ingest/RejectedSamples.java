package io.segmentation.ingest;

import static org.apache.spark.sql.functions.col;

import io.segmentation.schema.InvoiceColumns;
import io.segmentation.schema.RejectReason;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A few distinct raw values of rejected rows, for error messages: at most {@value #MAX} values
 * reach the driver (one Spark job over the given rows).
 */
public final class RejectedSamples {
  /** Values shown in a message. */
  public static final int MAX = 3;

  private RejectedSamples() {}

  /** Up to {@value #MAX} distinct non-null values of {@code column} in {@code rows}, as text. */
  public static List<String> of(Dataset<Row> rows, String column) {
    return rows
        .where(col(column).isNotNull())
        .select(col(column).cast("string"))
        .distinct()
        .limit(MAX)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /**
   * Up to {@value #MAX} distinct values of {@code column} among the rows rejected for {@code
   * reason}.
   */
  public static List<String> of(Dataset<Row> classified, RejectReason reason, String column) {
    return of(classified.where(col(InvoiceColumns.REJECT_REASON).equalTo(reason.code())), column);
  }
}
