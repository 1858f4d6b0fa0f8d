package io.segmentation.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The Gamma-Gamma model of order value (Fader, Hardie and Lee, "RFM and CLV: Using Iso-Value
 * Curves", Journal of Marketing Research 2005; Fader and Hardie, "The Gamma-Gamma Model of Monetary
 * Value", 2013), in the parametrisation of the {@code lifetimes} library: the mean of a customer's
 * x order values is Gamma(p x, nu x) given the customer's nu, and nu is Gamma(q, gamma).
 */
public final class GammaGamma {
  private GammaGamma() {}

  /**
   * One customer's log-likelihood of the mean value m of x orders: log Gamma(p x + q) - log Gamma(p
   * x) - log Gamma(q) + q log gamma + (p x - 1) log m + p x log x - (p x + q) log(x m + gamma).
   */
  public static double logLikelihood(GammaGammaParameters g, double x, double m) {
    return countTerm(g, x) + valueTerm(g, x, Math.log(m), m);
  }

  /** The log-likelihood of every kept customer. */
  public static double logLikelihood(GammaGammaParameters g, OrderValues v) {
    double sum = 0;
    for (Map.Entry<Double, Integer> e : v.countsByX().entrySet()) {
      sum += e.getValue() * countTerm(g, e.getKey());
    }
    for (int i = 0; i < v.size(); i++) {
      sum += valueTerm(g, v.x(i), v.logMean(i), v.mean(i));
    }
    return sum;
  }

  private static double countTerm(GammaGammaParameters g, double x) {
    double px = g.p() * x;
    return logGamma(px + g.q())
        - logGamma(px)
        - logGamma(g.q())
        + g.q() * Math.log(g.gamma())
        + px * Math.log(x);
  }

  private static double valueTerm(GammaGammaParameters g, double x, double logM, double m) {
    double px = g.p() * x;
    return (px - 1) * logM - (px + g.q()) * Math.log(x * m + g.gamma());
  }

  /**
   * The expected value of the customer's next orders given x orders of mean value m: a weighted
   * mean of the population mean p gamma / (q - 1) and m, the weight of m being p x / (p x + q - 1);
   * the population mean when x = 0. Empty when q <= 1 (the population mean does not exist).
   */
  public static OptionalDouble expectedOrderValue(GammaGammaParameters g, double x, double m) {
    if (!g.hasMean()) {
      return OptionalDouble.empty();
    }
    double populationMean = g.p() * g.gamma() / (g.q() - 1);
    if (x == 0) {
      return OptionalDouble.of(populationMean);
    }
    double weight = g.p() * x / (g.p() * x + g.q() - 1);
    return OptionalDouble.of((1 - weight) * populationMean + weight * m);
  }
}
