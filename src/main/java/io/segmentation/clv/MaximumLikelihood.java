package io.segmentation.clv;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximises a log-likelihood over the logarithms of positive parameters with commons-math3's BOBYQA
 * (derivative-free, bounded), restarted once from its optimum so a stop on a flat stretch of the
 * likelihood is not taken for convergence.
 */
final class MaximumLikelihood {
  /** Bound on each log-parameter: parameters between e^-15 and e^15 (3e-7 to 3e6). */
  static final double LOG_BOUND = 15;

  private static final int MAX_EVALUATIONS = 20_000;
  private static final double START_RADIUS = 1.0;
  private static final double STOP_RADIUS = 1e-9;

  /** Two optimiser runs agree when their log-likelihoods differ by less than this. */
  private static final double AGREEMENT = 1e-6;

  private MaximumLikelihood() {}

  /** Where the optimiser stopped; {@code converged} false says why in {@code message}. */
  record Optimum(double[] logParameters, double logLikelihood, boolean converged, String message) {}

  /**
   * @param logLikelihood the function to maximise, of the log-parameters
   * @param start the log-parameters to start from (inside the bounds)
   * @param names the parameters' names, for the message when one reaches its bound
   */
  static Optimum maximize(
      ToDoubleFunction<double[]> logLikelihood, double[] start, String... names) {
    ObjectiveFunction objective =
        new ObjectiveFunction(p -> finite(logLikelihood.applyAsDouble(p)));
    try {
      PointValuePair first = run(objective, start);
      PointValuePair second = run(objective, first.getPoint());
      double value = second.getValue();
      if (!Double.isFinite(value) || value <= WORST / 2) {
        return new Optimum(second.getPoint(), value, false, "the log-likelihood is not finite");
      }
      if (Math.abs(second.getValue() - first.getValue()) > AGREEMENT * (1 + Math.abs(value))) {
        return new Optimum(
            second.getPoint(), value, false, "a restart of the optimiser moved the optimum");
      }
      return atBound(second.getPoint(), value, names);
    } catch (TooManyEvaluationsException e) {
      return new Optimum(
          start,
          Double.NaN,
          false,
          "the optimiser did not converge in " + MAX_EVALUATIONS + " evaluations");
    }
  }

  private static PointValuePair run(ObjectiveFunction objective, double[] start) {
    int n = start.length;
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(lower, -LOG_BOUND);
    Arrays.fill(upper, LOG_BOUND);
    return new BOBYQAOptimizer(2 * n + 1, START_RADIUS, STOP_RADIUS)
        .optimize(
            new MaxEval(MAX_EVALUATIONS),
            objective,
            GoalType.MAXIMIZE,
            new InitialGuess(start),
            new SimpleBounds(lower, upper));
  }

  /** A maximum on a bound is no maximum of the likelihood: the parameter would go on growing. */
  private static Optimum atBound(double[] point, double value, String[] names) {
    for (int i = 0; i < point.length; i++) {
      if (Math.abs(point[i]) > LOG_BOUND - 1e-3) {
        return new Optimum(
            point,
            value,
            false,
            String.format(
                "the likelihood rises towards %s = %.3g: the data do not identify the model",
                names[i], Math.exp(point[i])));
      }
    }
    return new Optimum(point, value, true, "converged");
  }

  /**
   * The value that stands for an overflow of the log-likelihood: BOBYQA needs finite values, and
   * moderate ones, as it fits a quadratic to them.
   */
  private static final double WORST = -1e100;

  private static double finite(double v) {
    return Double.isFinite(v) ? v : WORST;
  }
}
