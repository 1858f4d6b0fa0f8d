package io.segmentation.model;

/**
 * What a segment looks like, in business units and as z-scores against the whole population. The
 * z-scores are of log1p(value) for the skewed measures (recency, frequency, monetary, basket spend)
 * and of the plain value for the cancellation rate, so a few giants do not dominate.
 *
 * @param clusterIndex KMeans' arbitrary index (only used to join back; never for naming)
 * @param profitPerCustomer average total profit, or null when the input has no profit
 */
public record SegmentProfile(
    int clusterIndex,
    long customers,
    double share,
    double recencyDays,
    double frequency,
    double monetary,
    double totalSales,
    double basketSpend,
    double basketItems,
    double distinctProducts,
    double cancellationRate,
    Double profitPerCustomer,
    double zRecency,
    double zFrequency,
    double zMonetary,
    double zBasketSpend,
    double zCancellation) {

  /** The naming coordinates, in {@link SegmentNamer}'s prototype order. */
  double[] z() {
    return new double[] {zRecency, zFrequency, zMonetary, zBasketSpend, zCancellation};
  }
}
