package io.segmentation.schema;

import java.util.List;

/**
 * Column names of the canonical invoice data, declared once. The raw frame ({@code InvoiceReader}
 * output) has the {@link #RAW} columns as strings; the clean frame ({@code InvoiceCleaner} output)
 * has the typed {@link #CLEAN} columns.
 */
public final class InvoiceColumns {
  private InvoiceColumns() {}

  public static final String INVOICE_NO = "invoice_no";
  public static final String STOCK_CODE = "stock_code";
  public static final String DESCRIPTION = "description";
  public static final String QUANTITY = "quantity";
  public static final String INVOICE_DATE = "invoice_date";
  public static final String UNIT_PRICE = "unit_price";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String COUNTRY = "country";
  public static final String SOURCE_FILE = "source_file";

  /** Optional source columns: a line amount instead of a unit price, profit, extra dimensions. */
  public static final String LINE_AMOUNT = "line_amount";

  public static final String PROFIT = "profit";
  public static final String REGION = "region";
  public static final String CATEGORY = "category";
  public static final String SUB_CATEGORY = "sub_category";
  public static final String CUSTOMER_SEGMENT = "customer_segment";

  /**
   * The values of the source's unmapped columns (an array of strings; null when every column is
   * mapped): part of what makes two lines exact duplicates, dropped after that check.
   */
  public static final String UNMAPPED_VALUES = "_unmapped_values";

  /** The whole input line when the CSV parser found it malformed (else null). */
  public static final String RAW_RECORD = "raw_record";

  /** Typed columns added by cleaning. */
  public static final String INVOICE_TS = "invoice_ts";

  public static final String IS_RETURN = "is_return";

  /** A valid sale without a customer id: kept in fact_sales, not segmented. */
  public static final String IS_GUEST = "is_guest";

  /** Cleaning verdict: null for a clean row, else the rule that rejected it. */
  public static final String REJECT_REASON = "reject_reason";

  /** The raw source values, all strings (null where the input has no such column). */
  public static final List<String> RAW =
      List.of(
          INVOICE_NO,
          STOCK_CODE,
          DESCRIPTION,
          QUANTITY,
          INVOICE_DATE,
          UNIT_PRICE,
          LINE_AMOUNT,
          CUSTOMER_ID,
          COUNTRY,
          PROFIT,
          REGION,
          CATEGORY,
          SUB_CATEGORY,
          CUSTOMER_SEGMENT);

  /** The optional descriptive columns carried into the clean data as they are. */
  public static final List<String> DIMENSIONS =
      List.of(REGION, CATEGORY, SUB_CATEGORY, CUSTOMER_SEGMENT);

  /** The clean invoice line schema, in order. */
  public static final List<String> CLEAN =
      List.of(
          INVOICE_NO,
          STOCK_CODE,
          DESCRIPTION,
          QUANTITY,
          INVOICE_TS,
          UNIT_PRICE,
          LINE_AMOUNT,
          PROFIT,
          CUSTOMER_ID,
          COUNTRY,
          REGION,
          CATEGORY,
          SUB_CATEGORY,
          CUSTOMER_SEGMENT,
          IS_RETURN,
          IS_GUEST);
}
