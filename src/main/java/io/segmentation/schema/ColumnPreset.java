package io.segmentation.schema;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Column-name presets for well-known invoice exports ({@code input.preset}). */
public enum ColumnPreset {
  /**
   * UCI Online Retail: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
   * CustomerID, Country.
   */
  UCI_ONLINE_RETAIL(
      "C",
      "InvoiceNo",
      "StockCode",
      "Description",
      "Quantity",
      "InvoiceDate",
      "UnitPrice",
      null,
      "CustomerID",
      "Country",
      null,
      null,
      null,
      null,
      null),
  /**
   * UCI Online Retail II: Invoice, StockCode, Description, Quantity, InvoiceDate, Price, Customer
   * ID, Country.
   */
  ONLINE_RETAIL_II(
      "C",
      "Invoice",
      "StockCode",
      "Description",
      "Quantity",
      "InvoiceDate",
      "Price",
      null,
      "Customer ID",
      "Country",
      null,
      null,
      null,
      null,
      null),
  /**
   * Order-line exports with a line amount instead of a unit price (the "Superstore" layout): Order
   * ID, Product ID, Product Name, Quantity, Order Date, Sales, Customer ID, Country, and when
   * present Profit, Region, Category, Sub-Category, Segment. Returns are negative quantities only
   * (order ids such as CA-2016-152156 start with C without being cancellations).
   */
  ORDER_LINES(
      null,
      "Order ID",
      "Product ID",
      "Product Name",
      "Quantity",
      "Order Date",
      null,
      "Sales",
      "Customer ID",
      "Country",
      "Profit",
      "Region",
      "Category",
      "Sub-Category",
      "Segment");

  private final Map<SourceColumn, String> names = new EnumMap<>(SourceColumn.class);
  private final String cancellationPrefix;

  ColumnPreset(String cancellationPrefix, String... byColumn) {
    this.cancellationPrefix = cancellationPrefix;
    SourceColumn[] columns = SourceColumn.values();
    for (int i = 0; i < columns.length; i++) {
      if (byColumn[i] != null) {
        names.put(columns[i], byColumn[i]);
      }
    }
  }

  /** The invoice-number prefix that marks a cancellation in this export, or null for none. */
  public String cancellationPrefix() {
    return cancellationPrefix;
  }

  /** The preset's source name of a column, or null when the preset has none. */
  public String name(SourceColumn column) {
    return names.get(column);
  }

  /** The name used in configuration, e.g. {@code uci-online-retail}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
