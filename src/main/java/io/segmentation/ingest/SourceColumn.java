package io.segmentation.ingest;

/**
 * The source columns the job can map, with the configuration key that renames them ({@code
 * input.columns.<key>}) and the canonical raw column they become.
 */
public enum SourceColumn {
  INVOICE("invoice", InvoiceColumns.INVOICE_NO, Need.REQUIRED),
  STOCK_CODE("stock-code", InvoiceColumns.STOCK_CODE, Need.REQUIRED),
  DESCRIPTION("description", InvoiceColumns.DESCRIPTION, Need.REQUIRED),
  QUANTITY("quantity", InvoiceColumns.QUANTITY, Need.REQUIRED),
  INVOICE_DATE("invoice-date", InvoiceColumns.INVOICE_DATE, Need.REQUIRED),
  UNIT_PRICE("unit-price", InvoiceColumns.UNIT_PRICE, Need.PRICE),
  LINE_AMOUNT("line-amount", InvoiceColumns.LINE_AMOUNT, Need.PRICE),
  CUSTOMER_ID("customer-id", InvoiceColumns.CUSTOMER_ID, Need.REQUIRED),
  COUNTRY("country", InvoiceColumns.COUNTRY, Need.REQUIRED),
  PROFIT("profit", InvoiceColumns.PROFIT, Need.OPTIONAL),
  REGION("region", InvoiceColumns.REGION, Need.OPTIONAL),
  CATEGORY("category", InvoiceColumns.CATEGORY, Need.OPTIONAL),
  SUB_CATEGORY("sub-category", InvoiceColumns.SUB_CATEGORY, Need.OPTIONAL),
  CUSTOMER_SEGMENT("customer-segment", InvoiceColumns.CUSTOMER_SEGMENT, Need.OPTIONAL);

  /**
   * REQUIRED: must be found (unless configured as "none"); PRICE: unit price or line amount, at
   * least one; OPTIONAL: mapped when the file has it.
   */
  public enum Need {
    REQUIRED,
    PRICE,
    OPTIONAL
  }

  /** The override value that declares a column absent from the input. */
  public static final String NONE = "none";

  private final String configKey;
  private final String canonical;
  private final Need need;

  SourceColumn(String configKey, String canonical, Need need) {
    this.configKey = configKey;
    this.canonical = canonical;
    this.need = need;
  }

  public String configKey() {
    return configKey;
  }

  public String canonical() {
    return canonical;
  }

  public Need need() {
    return need;
  }
}
