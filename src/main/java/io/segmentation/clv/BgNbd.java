package io.segmentation.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import io.segmentation.config.ClvModel;

/**
 * BG/NBD (Fader, Hardie and Lee, "Counting Your Customers the Easy Way", Marketing Science 2005):
 * drop-out happens only right after a repeat purchase, so a customer without one is alive with
 * probability 1 however long ago the first purchase was.
 */
public final class BgNbd implements PurchaseModel {
  @Override
  public ClvModel type() {
    return ClvModel.BGNBD;
  }

  /** log [Gamma(r + x) alpha^r / Gamma(r)] + log [B(a, b + x) / B(a, b)]. */
  @Override
  public double countTerm(NbdParameters p, double x) {
    return logGamma(p.r() + x)
        - logGamma(p.r())
        + p.r() * Math.log(p.alpha())
        + logGamma(p.a() + p.b())
        + logGamma(p.b() + x)
        - logGamma(p.b())
        - logGamma(p.a() + p.b() + x);
  }

  /**
   * log [(alpha + T)^-(r + x) + [x > 0] a / (b + x - 1) (alpha + t_x)^-(r + x)]: still alive at T,
   * or dropped out right after the last purchase.
   */
  @Override
  public double timingTerm(NbdParameters p, double x, double tx, double age) {
    double alive = -(p.r() + x) * Math.log(p.alpha() + age);
    if (x == 0) {
      return alive;
    }
    double dropped =
        Math.log(p.a()) - Math.log(p.b() + x - 1) - (p.r() + x) * Math.log(p.alpha() + tx);
    return PurchaseModel.logAddExp(alive, dropped);
  }

  @Override
  public double probabilityAlive(NbdParameters p, double x, double tx, double age) {
    if (x == 0) {
      return 1.0;
    }
    double logOdds =
        Math.log(p.a() / (p.b() + x - 1))
            + (p.r() + x) * Math.log((p.alpha() + age) / (p.alpha() + tx));
    return PurchaseModel.logistic(logOdds);
  }

  /**
   * (a + b + x - 1) / (a - 1) [1 - (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z)], z
   * = t / (alpha + T + t): the numerator of the paper's conditional expectation (its denominator is
   * 1 / P(alive)), with its 2F1(r + x, b + x; a + b + x - 1; z) ((alpha + T) / (alpha + T + t))^(r
   * + x) after Euler's transformation, whose series converges in a number of terms that does not
   * grow with x.
   */
  @Override
  public double expectedPurchasesIfAlive(NbdParameters p, double t, double x, double age) {
    double a = PurchaseModel.awayFromOne(p.a());
    double z = t / (p.alpha() + age + t);
    double c = a + p.b() + x - 1;
    double hyp = PurchaseModel.f21OrNaN(a + p.b() - 1 - p.r(), a - 1, c, z);
    return c / (a - 1) * (1 - Math.pow(1 - z, a - 1) * hyp);
  }
}
