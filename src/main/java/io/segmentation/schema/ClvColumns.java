package io.segmentation.schema;

import java.util.List;

/**
 * Column names of the lifetime-value figures, declared once: the per-customer summaries the models
 * are fitted on, the per-customer predictions {@code fact_clustering} carries, the per-segment
 * totals of {@code dim_cluster}. Time is in days. (The {@code clv_model} run table's columns belong
 * with the other run tables.)
 */
public final class ClvColumns {
  private ClvColumns() {}

  // ---- per-customer summaries (internal) ----

  /** x: purchase days after the first one. */
  public static final String REPEAT_PURCHASES = "repeat_purchases";

  /** t_x: days from the first purchase day to the last (0 without a repeat purchase). */
  public static final String LAST_PURCHASE_DAY = "last_purchase_day";

  /** T: days from the first purchase day to the end of observation (the reference date). */
  public static final String OBSERVED_DAYS = "observed_days";

  /** Mean net value of the repeat purchase days (the first excluded); null when x = 0. */
  public static final String MEAN_REPEAT_VALUE = "mean_repeat_value";

  /** Purchase days in the holdout period (the holdout check only). */
  public static final String HOLDOUT_PURCHASES = "holdout_purchases";

  // ---- per-customer predictions (fact_clustering) ----

  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_PURCHASES_90D = "expected_purchases_90d";
  public static final String EXPECTED_PURCHASES_365D = "expected_purchases_365d";
  public static final String EXPECTED_ORDER_VALUE = "expected_order_value";
  public static final String CLV_365D = "clv_365d";

  /** The prediction columns, in table order. */
  public static final List<String> PREDICTIONS =
      List.of(
          P_ALIVE, EXPECTED_PURCHASES_90D, EXPECTED_PURCHASES_365D, EXPECTED_ORDER_VALUE, CLV_365D);

  // ---- per-segment totals (dim_cluster) ----

  public static final String EXPECTED_ALIVE_CUSTOMERS = "expected_alive_customers";
  public static final String CLV_365D_TOTAL = "clv_365d_total";
  public static final String CLV_365D_MEAN = "clv_365d_mean";
}
