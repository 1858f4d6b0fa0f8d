package io.segmentation.tables;

import static io.segmentation.schema.ClvColumns.*;

import io.segmentation.warehouse.TableSpec;

/**
 * The lifetime-value columns of fact_clustering, scored_customers and dim_cluster (declared once
 * here, with their comments) and the clv_model run table.
 */
public final class ClvTableSpecs {
  private ClvTableSpecs() {}

  // clv_model's columns.
  public static final String MODEL = "model";
  public static final String TIME_UNIT = "time_unit";
  public static final String R = "r";
  public static final String ALPHA = "alpha";
  public static final String A = "a";
  public static final String B = "b";
  public static final String LOG_LIKELIHOOD = "log_likelihood";
  public static final String GG_P = "gg_p";
  public static final String GG_Q = "gg_q";
  public static final String GG_GAMMA = "gg_gamma";
  public static final String GG_LOG_LIKELIHOOD = "gg_log_likelihood";
  public static final String GG_CUSTOMERS = "gg_customers";
  public static final String HOLDOUT_DAYS = "holdout_days";
  public static final String HOLDOUT_MAE = "holdout_mae";
  public static final String MESSAGE = "message";

  /** The per-customer predictions (fact_clustering, scored_customers), in table order. */
  static TableSpec.Builder predictions(TableSpec.Builder b) {
    return b.column(
            P_ALIVE,
            "Probability the customer is still active at the reference date, 0-1 (clv.model); null without a fit or a purchase day")
        .column(
            EXPECTED_PURCHASES_90D,
            "Expected purchase days in the 90 days after the reference date; null without a fit")
        .column(
            EXPECTED_PURCHASES_365D,
            "Expected purchase days in the 365 days after the reference date; null without a fit")
        .column(
            EXPECTED_ORDER_VALUE,
            "Expected net value of a purchase day (Gamma-Gamma); null without a fit or when q <= 1")
        .column(
            CLV_365D,
            "Expected net value of the next 365 days, discounted monthly (clv.monthly-discount-rate) and times clv.margin; null without a fit");
  }

  /** The per-segment totals of dim_cluster. */
  static TableSpec.Builder segmentTotals(TableSpec.Builder b) {
    return b.column(
            EXPECTED_ALIVE_CUSTOMERS,
            "Sum of the segment's p_alive: customers expected to be active; null for -1 and retired segments")
        .column(
            EXPECTED_PURCHASES_365D,
            "Sum of the segment's expected_purchases_365d; null for -1 and retired segments")
        .column(
            CLV_365D_TOTAL,
            "Sum of the segment's clv_365d; null for -1, retired segments and without a fit")
        .column(
            CLV_365D_MEAN,
            "Average clv_365d of the segment's customers; null for -1, retired segments and without a fit");
  }

  public static final TableSpec CLV_MODEL =
      TableSpec.builder(
              "clv_model",
              "One row per run: the lifetime-value fits (repeat purchases, Gamma-Gamma order value) behind p_alive and clv_365d, and their holdout check.")
          .column(Tables.RUN_ID, "Run id")
          .column(MODEL, "Repeat-purchase model: mbgnbd (modified BG/NBD) or bgnbd (BG/NBD)")
          .column(TIME_UNIT, "Time unit of alpha and every horizon: day")
          .column(
              Tables.CUSTOMERS,
              "Customers the repeat-purchase fit used (a sample above clv.max-fit-customers)")
          .column(R, "Shape of the Gamma distribution of purchase rates")
          .column(ALPHA, "Rate (in days) of the Gamma distribution of purchase rates")
          .column(A, "First shape of the Beta distribution of drop-out probabilities")
          .column(B, "Second shape of the Beta distribution of drop-out probabilities")
          .column(LOG_LIKELIHOOD, "Log-likelihood of the repeat-purchase fit")
          .column(GG_P, "Gamma-Gamma p: shape of a customer's order values")
          .column(GG_Q, "Gamma-Gamma q: shape of the spread of customers' order values")
          .column(GG_GAMMA, "Gamma-Gamma gamma: scale of the spread of customers' order values")
          .column(GG_LOG_LIKELIHOOD, "Log-likelihood of the Gamma-Gamma fit")
          .column(
              GG_CUSTOMERS,
              "Repeat customers with a positive mean repeat value the Gamma-Gamma fit used")
          .column(
              HOLDOUT_DAYS, "Days of the holdout check (clv.holdout-days); null without a check")
          .column(
              HOLDOUT_MAE,
              "Mean absolute error per customer of the predicted purchase days in the holdout; null without a converged check")
          .column(
              Tables.STATUS,
              "Fit status: converged, too_little_data, not_converged, or disabled (clv.enabled = false)")
          .column(MESSAGE, "What the fit found or why it failed, in a sentence")
          .build();
}
