package io.segmentation.schema;

import java.util.List;

/**
 * The source columns the job can map, with the configuration key that renames them ({@code
 * input.columns.<key>}), the canonical raw column they become and a few well-known other names.
 *
 * <p>The other names ({@link #aliases()}) are never mapped silently: when a required column is
 * missing, the error names the {@code --set input.columns.<key>=...} that maps the alias found in
 * the header (see {@code ingest.HeaderHints}).
 */
public enum SourceColumn {
  INVOICE(
      "invoice",
      InvoiceColumns.INVOICE_NO,
      Need.REQUIRED,
      "Invoice",
      "InvoiceNo",
      "Invoice Number",
      "Order ID",
      "Order Number",
      "Order No"),
  STOCK_CODE(
      "stock-code", InvoiceColumns.STOCK_CODE, Need.REQUIRED, "StockCode", "Product ID", "SKU"),
  DESCRIPTION(
      "description", InvoiceColumns.DESCRIPTION, Need.REQUIRED, "Product Name", "Item Name"),
  QUANTITY("quantity", InvoiceColumns.QUANTITY, Need.REQUIRED, "Qty", "Units"),
  INVOICE_DATE(
      "invoice-date",
      InvoiceColumns.INVOICE_DATE,
      Need.REQUIRED,
      "InvoiceDate",
      "Order Date",
      "Date"),
  UNIT_PRICE("unit-price", InvoiceColumns.UNIT_PRICE, Need.PRICE, "Price", "Unit Price"),
  LINE_AMOUNT(
      "line-amount",
      InvoiceColumns.LINE_AMOUNT,
      Need.PRICE,
      "Sales",
      "Amount",
      "Revenue",
      "Line Amount"),
  CUSTOMER_ID(
      "customer-id",
      InvoiceColumns.CUSTOMER_ID,
      Need.REQUIRED,
      "Customer ID",
      "CustomerNo",
      "Customer Number",
      "Client ID"),
  COUNTRY(
      "country",
      InvoiceColumns.COUNTRY,
      Need.REQUIRED,
      "Country/Region",
      "Country Region",
      "Nation"),
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
  private final List<String> aliases;

  SourceColumn(String configKey, String canonical, Need need, String... aliases) {
    this.configKey = configKey;
    this.canonical = canonical;
    this.need = need;
    this.aliases = List.of(aliases);
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

  /**
   * Other names exports use for this column (besides the presets' names), compared ignoring case,
   * spaces and {@code _ - / .}; used only to suggest a fix in the missing-column error.
   */
  public List<String> aliases() {
    return aliases;
  }
}
