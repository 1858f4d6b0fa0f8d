package io.segmentation.schema;

import java.util.Locale;

/**
 * Cleaning rules, in the order they are checked: a row is rejected for the first rule it breaks.
 * The lower-case name is what {@code rejected_rows.reason} and {@code data_quality.rule} hold.
 */
public enum RejectReason {
  MALFORMED_ROW(
      "the CSV line could not be split into the header's columns (broken quotes, wrong field count)",
      false),
  UNPARSEABLE_QUANTITY("quantity is not a whole number", false),
  UNPARSEABLE_PRICE("unit price (or line amount) is not a number", false),
  UNPARSEABLE_DATE("invoice date matches none of input.csv.timestamp-patterns", false),
  UNPARSEABLE_NUMBER("a KMeans column of a customer-level row is empty or not a number", false),
  MISSING_CUSTOMER_ID(
      "no customer id: a guest purchase, kept in fact_sales with customer_key -1 and not segmented"
          + " (customer-level input: quarantined)",
      false),
  NON_POSITIVE_PRICE("unit price is zero or negative", true),
  ZERO_QUANTITY("quantity is zero", true),
  NON_PRODUCT_CODE(
      "stock code is a fee, postage or manual adjustment (cleaning.non-product-codes)", true),
  FUTURE_DATE("invoice date is after cleaning.max-date (default: the run's start)", true),
  DUPLICATE_ROW("exact duplicate of an earlier line (cleaning.drop-duplicates)", true);

  private final String description;
  private final boolean canBeDisabled;

  RejectReason(String description, boolean canBeDisabled) {
    this.description = description;
    this.canBeDisabled = canBeDisabled;
  }

  /**
   * Whether {@code cleaning.disabled-rules} may name this rule (the others protect the features).
   */
  public boolean canBeDisabled() {
    return canBeDisabled;
  }

  /**
   * The raw column whose value shows why a row broke this rule (for error samples), or null when no
   * single column does.
   */
  public String sampleColumn() {
    return switch (this) {
      case MALFORMED_ROW -> InvoiceColumns.RAW_RECORD;
      case UNPARSEABLE_QUANTITY, ZERO_QUANTITY -> InvoiceColumns.QUANTITY;
      case UNPARSEABLE_PRICE, NON_POSITIVE_PRICE -> InvoiceColumns.UNIT_PRICE;
      case UNPARSEABLE_DATE, FUTURE_DATE -> InvoiceColumns.INVOICE_DATE;
      case MISSING_CUSTOMER_ID -> InvoiceColumns.CUSTOMER_ID;
      case NON_PRODUCT_CODE -> InvoiceColumns.STOCK_CODE;
      case DUPLICATE_ROW -> InvoiceColumns.INVOICE_NO;
      case UNPARSEABLE_NUMBER -> null;
    };
  }

  /** The rule's name as stored in the tables. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }
}
