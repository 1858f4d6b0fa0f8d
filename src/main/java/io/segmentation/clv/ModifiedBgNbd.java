package io.segmentation.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import io.segmentation.config.ClvModel;

/**
 * MBG/NBD (Batislam, Denizel and Filiztekin, International Journal of Research in Marketing 2007):
 * as BG/NBD, but a customer may also drop out right after the first purchase, so P(alive) falls
 * with the time since the last purchase even for a customer who never came back.
 */
public final class ModifiedBgNbd implements PurchaseModel {
  @Override
  public ClvModel type() {
    return ClvModel.MBGNBD;
  }

  /** log [Gamma(r + x) alpha^r / Gamma(r)] + log [B(a, b + x + 1) / B(a, b)]. */
  @Override
  public double countTerm(NbdParameters p, double x) {
    return logGamma(p.r() + x)
        - logGamma(p.r())
        + p.r() * Math.log(p.alpha())
        + logGamma(p.a() + p.b())
        + logGamma(p.b() + x + 1)
        - logGamma(p.b())
        - logGamma(p.a() + p.b() + x + 1);
  }

  /**
   * -(r + x) log(alpha + T) + log [1 + a / (b + x) ((alpha + T) / (alpha + t_x))^(r + x)]: still
   * alive at T, or dropped out right after the last purchase (the first one when x = 0).
   */
  @Override
  public double timingTerm(NbdParameters p, double x, double tx, double age) {
    double logAge = Math.log(p.alpha() + age);
    double dropped =
        Math.log(p.a()) - Math.log(p.b() + x) + (p.r() + x) * (logAge - Math.log(p.alpha() + tx));
    return -(p.r() + x) * logAge + PurchaseModel.logAddExp(dropped, 0);
  }

  @Override
  public double probabilityAlive(NbdParameters p, double x, double tx, double age) {
    double logOdds =
        Math.log(p.a() / (p.b() + x))
            + (p.r() + x) * Math.log((p.alpha() + age) / (p.alpha() + tx));
    return PurchaseModel.logistic(logOdds);
  }

  /**
   * (a + b + x) / (a - 1) [1 - (1 - z)^(a - 1) 2F1(a + b - r, a - 1; a + b + x; z)], z = t / (alpha
   * + T + t): the numerator of the paper's conditional expectation (its denominator is 1 /
   * P(alive)), with its 2F1(r + x, b + x + 1; a + b + x; z) ((alpha + T) / (alpha + T + t))^(r + x)
   * after Euler's transformation, whose series converges in a number of terms that does not grow
   * with x.
   */
  @Override
  public double expectedPurchasesIfAlive(NbdParameters p, double t, double x, double age) {
    double a = PurchaseModel.awayFromOne(p.a());
    double z = t / (p.alpha() + age + t);
    double c = a + p.b() + x;
    double hyp = PurchaseModel.f21OrNaN(a + p.b() - p.r(), a - 1, c, z);
    return c / (a - 1) * (1 - Math.pow(1 - z, a - 1) * hyp);
  }
}
