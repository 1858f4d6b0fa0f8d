package io.segmentation.clv;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Customers drawn from the models' generative processes (as the {@code lifetimes} generators draw
 * them), with what happens after the observation window, for checks of the fits and predictions.
 */
final class SimulatedCustomers {
  final double[] x;
  final double[] tx;
  final double[] age;
  final double[] future;
  final boolean[] alive;

  private SimulatedCustomers(int n) {
    x = new double[n];
    tx = new double[n];
    age = new double[n];
    future = new double[n];
    alive = new boolean[n];
  }

  PurchaseHistories histories() {
    return PurchaseHistories.of(x, tx, age);
  }

  /**
   * BG/NBD (modified = false) or MBG/NBD (true): rate lambda ~ Gamma(r, rate alpha), drop-out
   * probability p ~ Beta(a, b); purchases form a Poisson process with rate lambda, and after each
   * purchase the customer drops out with probability p (under MBG/NBD also right after the first
   * purchase at time 0). T is uniform in [minAge, maxAge]; {@code future} counts the purchases in
   * (T, T + horizon], {@code alive} whether the customer is alive at T.
   */
  static SimulatedCustomers nbd(
      NbdParameters p,
      boolean modified,
      int n,
      long seed,
      double minAge,
      double maxAge,
      double horizon) {
    RandomGenerator rng = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(rng, p.r(), 1 / p.alpha());
    BetaDistribution dropouts = new BetaDistribution(rng, p.a(), p.b());
    SimulatedCustomers s = new SimulatedCustomers(n);
    for (int i = 0; i < n; i++) {
      double lambda = rates.sample();
      double drop = dropouts.sample();
      double age = minAge + (maxAge - minAge) * rng.nextDouble();
      boolean alive = !modified || rng.nextDouble() >= drop;
      double t = 0;
      double diesAt = alive ? Double.POSITIVE_INFINITY : 0;
      while (alive) {
        t += -Math.log(1 - rng.nextDouble()) / lambda;
        if (t > age + horizon) {
          break;
        }
        if (t <= age) {
          s.x[i]++;
          s.tx[i] = t;
        } else {
          s.future[i]++;
        }
        alive = rng.nextDouble() >= drop;
        diesAt = alive ? Double.POSITIVE_INFINITY : t;
      }
      s.age[i] = age;
      s.alive[i] = diesAt > age;
    }
    return s;
  }

  /**
   * Gamma-Gamma: nu ~ Gamma(q, rate gamma) per customer, x (uniform in 1..maxX) order values
   * Gamma(p, rate nu); the mean of the x values per customer.
   */
  static OrderValues gammaGamma(GammaGammaParameters g, int n, int maxX, long seed) {
    RandomGenerator rng = new Well19937c(seed);
    GammaDistribution nus = new GammaDistribution(rng, g.q(), 1 / g.gamma());
    double[] x = new double[n];
    double[] mean = new double[n];
    for (int i = 0; i < n; i++) {
      double nu = nus.sample();
      GammaDistribution values = new GammaDistribution(rng, g.p(), 1 / nu);
      x[i] = 1 + rng.nextInt(maxX);
      double sum = 0;
      for (int k = 0; k < x[i]; k++) {
        sum += values.sample();
      }
      mean[i] = sum / x[i];
    }
    return OrderValues.of(x, mean);
  }
}
