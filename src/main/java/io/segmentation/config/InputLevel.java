package io.segmentation.config;

/** What one input row is ({@code input.level}). */
public enum InputLevel {
  /** One invoice line (the default): features are aggregated per customer. */
  INVOICES,
  /** One customer, already aggregated: numeric columns are the features. */
  CUSTOMERS
}
