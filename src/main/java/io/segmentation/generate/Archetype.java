package io.segmentation.generate;

import java.util.Locale;

/** Customer behaviours planted by {@link InvoiceGenerator}, with their share of customers. */
public enum Archetype {
  /** Recent, very frequent, large baskets. */
  LOYAL_HIGH_SPENDER(0.10),
  /** Recent, regular, mid-size baskets. */
  STEADY_REGULAR(0.30),
  /** One small purchase, long ago. */
  ONE_OFF(0.25),
  /** Regular buyers who cancel a large share of their orders. */
  FREQUENT_CANCELLER(0.10),
  /** Several purchases, all early in the period, then nothing. */
  LAPSED(0.25);

  private final double share;

  Archetype(double share) {
    this.share = share;
  }

  public double share() {
    return share;
  }

  /** The label written to the ground-truth file. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
