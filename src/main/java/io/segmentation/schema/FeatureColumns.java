package io.segmentation.schema;

import java.util.List;

/** Column names of the per-customer feature table, declared once. */
public final class FeatureColumns {
  private FeatureColumns() {}

  /** The customer id column (one owner: {@link InvoiceColumns#CUSTOMER_ID}). */
  public static final String CUSTOMER_ID = InvoiceColumns.CUSTOMER_ID;

  public static final String HOME_COUNTRY = "country";
  public static final String FIRST_PURCHASE = "first_purchase_ts";
  public static final String LAST_PURCHASE = "last_purchase_ts";

  public static final String RECENCY_DAYS = "recency_days";
  public static final String FREQUENCY = "frequency";
  public static final String MONETARY_NET = "monetary_net";
  public static final String MONETARY_GROSS = "monetary_gross";
  public static final String TOTAL_ITEMS = "total_items";
  public static final String AVG_BASKET_ITEMS = "avg_basket_items";
  public static final String AVG_BASKET_SPEND = "avg_basket_spend";
  public static final String DISTINCT_PRODUCTS = "distinct_products";
  public static final String TENURE_DAYS = "tenure_days";
  public static final String AVG_DAYS_BETWEEN = "avg_days_between_purchases";
  public static final String CANCELLATION_COUNT = "cancellation_count";
  public static final String CANCELLATION_RATE = "cancellation_rate";
  public static final String RETURNED_VALUE_SHARE = "returned_value_share";

  public static final String MONTHLY_SPEND_MEAN = "monthly_spend_mean";
  public static final String MONTHLY_SPEND_STD = "monthly_spend_std";
  public static final String SPEND_TREND = "spend_trend";
  public static final String FAVOURITE_DAY = "favourite_day_of_week";
  public static final String FAVOURITE_HOUR = "favourite_hour";
  public static final String FOREIGN_SPEND_SHARE = "foreign_spend_share";
  public static final String COUNTRIES = "countries";

  /** RFM quintile scores (1-5, 5 = best) and the standard named RFM segment. */
  public static final String R_SCORE = "r_score";

  public static final String F_SCORE = "f_score";
  public static final String M_SCORE = "m_score";
  public static final String RFM_SEGMENT = "rfm_segment";

  /**
   * The category and region with the customer's highest gross spend, and the category's share of
   * that spend; null unless the input has category / region columns.
   */
  public static final String MAIN_CATEGORY = "main_category";

  public static final String MAIN_CATEGORY_SHARE = "main_category_share";
  public static final String MAIN_REGION = "main_region";

  /** Present (non-null) only when the input has a profit column. */
  public static final String TOTAL_PROFIT = "total_profit";

  public static final String PROFIT_MARGIN = "profit_margin";

  /**
   * The KMeans features of invoice input by default: the three RFM axes, basket spend and the
   * cancellation rate (docs/pipeline.md, "KMeans features", says why).
   */
  public static final List<String> DEFAULT_KMEANS =
      List.of(RECENCY_DAYS, FREQUENCY, MONETARY_NET, AVG_BASKET_SPEND, CANCELLATION_RATE);

  /** Money and count features with long right tails: log1p-transformed by default. */
  public static final List<String> SKEWED =
      List.of(
          RECENCY_DAYS,
          FREQUENCY,
          MONETARY_NET,
          MONETARY_GROSS,
          TOTAL_ITEMS,
          AVG_BASKET_ITEMS,
          AVG_BASKET_SPEND,
          DISTINCT_PRODUCTS);

  /** The numeric features, any of which may feed KMeans ({@code features.kmeans}). */
  public static final List<String> NUMERIC =
      List.of(
          RECENCY_DAYS,
          FREQUENCY,
          MONETARY_NET,
          MONETARY_GROSS,
          TOTAL_ITEMS,
          AVG_BASKET_ITEMS,
          AVG_BASKET_SPEND,
          DISTINCT_PRODUCTS,
          TENURE_DAYS,
          AVG_DAYS_BETWEEN,
          CANCELLATION_COUNT,
          CANCELLATION_RATE,
          RETURNED_VALUE_SHARE,
          MONTHLY_SPEND_MEAN,
          MONTHLY_SPEND_STD,
          SPEND_TREND,
          FOREIGN_SPEND_SHARE,
          COUNTRIES);
}
