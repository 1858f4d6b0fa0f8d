package io.segmentation.clv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The predictions with the true parameters against what the simulated customers then did: the
 * expected purchases in the next 90 days summed over 20,000 customers against the purchases they
 * made, and P(alive) summed against the customers alive at T. The totals must agree within four
 * standard errors of their difference, sqrt(sum (actual - predicted)^2), the customers being
 * independent.
 */
@Tag("unit")
class SimulatedFutureTest {
  private static final NbdParameters TRUTH = new NbdParameters(0.5, 60, 0.9, 2.5);
  private static final double HORIZON = 90;

  @Test
  void mbgNbdPredictsTheSimulatedFuture() {
    assertPredicts(new ModifiedBgNbd(), 11L);
  }

  @Test
  void bgNbdPredictsTheSimulatedFuture() {
    assertPredicts(new BgNbd(), 12L);
  }

  private static void assertPredicts(PurchaseModel model, long seed) {
    SimulatedCustomers s =
        SimulatedCustomers.nbd(
            TRUTH, model instanceof ModifiedBgNbd, 20_000, seed, 30, 390, HORIZON);
    double purchases = 0;
    double predictedPurchases = 0;
    double purchaseVariance = 0;
    double alive = 0;
    double predictedAlive = 0;
    double aliveVariance = 0;
    for (int i = 0; i < s.x.length; i++) {
      double e = model.expectedPurchases(TRUTH, HORIZON, s.x[i], s.tx[i], s.age[i]);
      purchases += s.future[i];
      predictedPurchases += e;
      purchaseVariance += (s.future[i] - e) * (s.future[i] - e);
      double pa = model.probabilityAlive(TRUTH, s.x[i], s.tx[i], s.age[i]);
      double a = s.alive[i] ? 1 : 0;
      alive += a;
      predictedAlive += pa;
      aliveVariance += pa * (1 - pa);
    }
    System.out.printf(
        "%s: purchases in 90 days %.0f, predicted %.1f; alive %.0f, predicted %.1f%n",
        model.type(), purchases, predictedPurchases, alive, predictedAlive);
    assertThat(Math.abs(purchases - predictedPurchases))
        .isLessThanOrEqualTo(4 * Math.sqrt(purchaseVariance));
    assertThat(Math.abs(alive - predictedAlive)).isLessThanOrEqualTo(4 * Math.sqrt(aliveVariance));
  }
}
