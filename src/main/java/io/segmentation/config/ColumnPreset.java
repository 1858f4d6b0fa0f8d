package io.segmentation.config;

import java.util.Locale;

/** Column-name presets for well-known invoice exports. */
public enum ColumnPreset {
  /** UCI Online Retail: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country. */
  UCI_ONLINE_RETAIL(
      new JobConfig.ColumnNames(
          "InvoiceNo",
          "StockCode",
          "Description",
          "Quantity",
          "InvoiceDate",
          "UnitPrice",
          "CustomerID",
          "Country")),
  /** UCI Online Retail II: Invoice, StockCode, Description, Quantity, InvoiceDate, Price, Customer ID, Country. */
  ONLINE_RETAIL_II(
      new JobConfig.ColumnNames(
          "Invoice",
          "StockCode",
          "Description",
          "Quantity",
          "InvoiceDate",
          "Price",
          "Customer ID",
          "Country"));

  private final JobConfig.ColumnNames names;

  ColumnPreset(JobConfig.ColumnNames names) {
    this.names = names;
  }

  public JobConfig.ColumnNames names() {
    return names;
  }

  /** The name used in configuration, e.g. {@code uci-online-retail}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
