package io.segmentation.ingest;

import static io.segmentation.schema.InvoiceColumns.CUSTOMER_ID;
import static io.segmentation.schema.InvoiceColumns.INVOICE_DATE;
import static io.segmentation.schema.InvoiceColumns.LINE_AMOUNT;
import static io.segmentation.schema.InvoiceColumns.PROFIT;
import static io.segmentation.schema.InvoiceColumns.QUANTITY;
import static io.segmentation.schema.InvoiceColumns.SOURCE_FILE;
import static io.segmentation.schema.InvoiceColumns.UNIT_PRICE;

import io.segmentation.schema.InvoiceColumns;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns {@link InvoiceCleaner} adds to the raw frame (parsed values, the partition key), and
 * which classified columns are null on clean rows or on every row: what the run's cache can leave
 * out.
 */
public final class ClassifiedColumns {
  private ClassifiedColumns() {}

  static final String PARSED_QUANTITY = "_quantity";
  static final String PARSED_PRICE = "_unit_price";
  static final String PARSED_CUSTOMER = "_customer_id";
  static final String PARSED_AMOUNT = "_line_amount";
  static final String PARSED_PROFIT = "_profit";

  /**
   * The customer id, or for guests the invoice number: what the classified rows are partitioned by.
   * The clean rows' customer id is this column, so every later per-customer aggregation and join
   * finds the rows already in place (no further shuffle); guest rows are told apart by {@link
   * InvoiceColumns#IS_GUEST}.
   */
  static final String PARTITION_KEY = "_partition_key";

  /**
   * Raw columns that clean rows carry as typed values only, or not at all: the raw customer id
   * (clean rows keep the parsed one) and the source file (rejected_rows shows it; the duplicate
   * check has used it already). The cache is uncompressed: a file path on every clean row was a
   * third of its bytes (84 of 232 per row on the real data).
   */
  static final List<String> RAW_ONLY_WHEN_REJECTED =
      List.of(QUANTITY, INVOICE_DATE, UNIT_PRICE, LINE_AMOUNT, PROFIT, CUSTOMER_ID, SOURCE_FILE);

  /**
   * The classified columns that are null on every clean row: the raw text kept for rejected rows
   * only, and the malformed line.
   */
  public static Set<String> nullUnlessRejected() {
    Set<String> columns = new HashSet<>(RAW_ONLY_WHEN_REJECTED);
    columns.add(InvoiceColumns.RAW_RECORD);
    return columns;
  }

  /**
   * The classified columns that are null on every row when the input lacks the source columns
   * {@code absent} (canonical names): those, and the values parsed from them.
   */
  public static Set<String> alwaysNull(Set<String> absent) {
    Set<String> columns = new HashSet<>(absent);
    if (absent.contains(LINE_AMOUNT)) {
      columns.add(PARSED_AMOUNT);
    }
    if (absent.contains(PROFIT)) {
      columns.add(PARSED_PROFIT);
    }
    return columns;
  }
}
