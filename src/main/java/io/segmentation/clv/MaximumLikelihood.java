package io.segmentation.clv;

import java.util.Arrays;
import java.util.Locale;
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

  static final int MAX_EVALUATIONS = 20_000;
  private static final double START_RADIUS = 1.0;
  private static final double STOP_RADIUS = 1e-9;

  /** Two optimiser runs agree when their log-likelihoods differ by less than this. */
  private static final double AGREEMENT = 1e-6;

  private MaximumLikelihood() {}

  /**
   * Where the optimiser stopped; {@code message} says why when {@code converged} is false, and
   * which parameters are on a bound when it is true.
   */
  record Optimum(double[] logParameters, double logLikelihood, boolean converged, String message) {}

  /**
   * @param logLikelihood the function to maximise, of the log-parameters
   * @param start the log-parameters to start from (inside the bounds)
   * @param names the parameters' names, for the message when one reaches its bound
   */
  static Optimum maximize(
      ToDoubleFunction<double[]> logLikelihood, double[] start, String... names) {
    return maximize(logLikelihood, start, MAX_EVALUATIONS, names);
  }

  /** The same with a budget of {@code maxEvaluations} evaluations per optimiser run. */
  static Optimum maximize(
      ToDoubleFunction<double[]> logLikelihood,
      double[] start,
      int maxEvaluations,
      String... names) {
    ObjectiveFunction objective =
        new ObjectiveFunction(p -> finite(logLikelihood.applyAsDouble(p)));
    try {
      PointValuePair first = run(objective, start, maxEvaluations);
      PointValuePair second = run(objective, first.getPoint(), maxEvaluations);
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
          "the optimiser did not converge in " + maxEvaluations + " evaluations");
    }
  }

  private static PointValuePair run(
      ObjectiveFunction objective, double[] start, int maxEvaluations) {
    int n = start.length;
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(lower, -LOG_BOUND);
    Arrays.fill(upper, LOG_BOUND);
    return new BOBYQAOptimizer(2 * n + 1, START_RADIUS, STOP_RADIUS)
        .optimize(
            new MaxEval(maxEvaluations),
            objective,
            GoalType.MAXIMIZE,
            new InitialGuess(start),
            new SimpleBounds(lower, upper));
  }

  /** Converged; the message names the parameters whose maximum is on a bound. */
  private static Optimum atBound(double[] point, double value, String[] names) {
    StringBuilder bounds = new StringBuilder();
    for (int i = 0; i < point.length; i++) {
      if (Math.abs(point[i]) > LOG_BOUND - 1e-3) {
        bounds.append(bounds.length() == 0 ? "" : ", ");
        bounds.append(String.format(Locale.ROOT, "%s = %.3g", names[i], Math.exp(point[i])));
      }
    }
    String message =
        bounds.length() == 0
            ? "converged"
            : "converged to a limit of the model: the likelihood rises towards " + bounds;
    return new Optimum(point, value, true, message);
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
