package io.segmentation.clv;

/**
 * The purchase figures of a customer who is alive at T, per (x, T): the per-customer figures are
 * these times P(alive) (and, for value, times the expected order value and the margin).
 *
 * <p>The lifetime value over the next 365 days is discounted as the {@code lifetimes} library does:
 * the expected purchases of each of the next 12 months (of 365 / 12 days) are discounted at the
 * monthly rate, month i by (1 + rate)^i.
 */
public final class LifetimeValue {
  /** The short horizon of {@code expected_purchases_90d}, days. */
  public static final int SHORT_DAYS = 90;

  /** The horizon of {@code expected_purchases_365d} and {@code clv_365d}, days. */
  public static final int LONG_DAYS = 365;

  /** Discounting steps over the long horizon. */
  public static final int MONTHS = 12;

  private LifetimeValue() {}

  /**
   * Expected purchases if alive at T over the short and long horizons, and over the long horizon
   * discounted month by month.
   */
  public record Factors(double purchases90d, double purchases365d, double discounted365d) {}

  public static Factors ifAlive(
      PurchaseModel model, NbdParameters p, double x, double age, double monthlyDiscountRate) {
    double month = (double) LONG_DAYS / MONTHS;
    double previous = 0;
    double discounted = 0;
    for (int i = 1; i <= MONTHS; i++) {
      double cumulative = model.expectedPurchasesIfAlive(p, i * month, x, age);
      discounted += (cumulative - previous) / Math.pow(1 + monthlyDiscountRate, i);
      previous = cumulative;
    }
    return new Factors(model.expectedPurchasesIfAlive(p, SHORT_DAYS, x, age), previous, discounted);
  }
}
