package io.segmentation.model;

import io.segmentation.errors.Errors;
import io.segmentation.errors.UserException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rule that picks k: the highest silhouette among the k whose smallest segment holds at least
 * {@code minShare} of the customers; ties go to the smaller k. With a previous run, its k is kept
 * while it is admissible and no k beats its silhouette by more than a margin ({@link
 * #keepOrSwitch}). Pure, so it is unit-tested without Spark.
 */
public final class KSelection {
  private KSelection() {}

  /**
   * The previous run's k when it was tried, is admissible and the best k's silhouette exceeds its
   * own by at most {@code margin}; else the best k.
   *
   * @param previousK the previous successful run's k (empty on a first run)
   * @param margin how much higher another k's silhouette must be to replace the previous k
   * @throws UserException (exit 4) when no candidate is admissible
   */
  public static KChoice keepOrSwitch(
      List<KCandidate> candidates, double minShare, Optional<Integer> previousK, double margin) {
    KCandidate best = choose(candidates, minShare);
    if (previousK.isEmpty()) {
      return KChoice.best(best, previousK, "first run: k with the highest silhouette");
    }
    int k = previousK.get();
    Optional<KCandidate> previous = candidates.stream().filter(c -> c.k() == k).findFirst();
    if (previous.isEmpty()) {
      return KChoice.best(
          best, previousK, KChoice.format("the previous k=%d is outside the k range", k));
    }
    KCandidate p = previous.get();
    if (!admissible(p, minShare)) {
      return KChoice.best(
          best,
          previousK,
          KChoice.format(
              "the previous k=%d is no longer admissible (smallest segment %.1f%% < %.1f%%)",
              k, p.smallestShare() * 100, minShare * 100));
    }
    if (best.k() == k) {
      return KChoice.best(best, previousK, KChoice.format("k=%d kept: still the best", k));
    }
    double gain = best.silhouette() - p.silhouette();
    if (gain > margin) {
      return KChoice.best(
          best,
          previousK,
          KChoice.format(
              "k changed %d -> %d: silhouette %.3f beats %.3f by more than model.k-switch-margin"
                  + " %.3f",
              k, best.k(), best.silhouette(), p.silhouette(), margin));
    }
    return new KChoice(
        p,
        best,
        previousK,
        KChoice.format(
            "k=%d kept: k=%d's silhouette %.3f beats its %.3f by %.3f, within"
                + " model.k-switch-margin %.3f",
            k, best.k(), best.silhouette(), p.silhouette(), gain, margin));
  }

  private static boolean admissible(KCandidate c, double minShare) {
    return c.smallestShare() >= minShare && Double.isFinite(c.silhouette());
  }

  /**
   * @return the chosen candidate
   * @throws UserException (exit 4) when no candidate is admissible
   */
  public static KCandidate choose(List<KCandidate> candidates, double minShare) {
    return candidates.stream()
        .filter(c -> admissible(c, minShare))
        .max(
            Comparator.comparingDouble(KCandidate::silhouette)
                .thenComparing(KCandidate::k, Comparator.reverseOrder()))
        .orElseThrow(
            () ->
                Errors.noAdmissibleK(
                    minShare,
                    candidates.stream()
                        .map(
                            c ->
                                String.format(
                                    Locale.ROOT,
                                    "k=%d smallest %.1f%%",
                                    c.k(),
                                    c.smallestShare() * 100))
                        .collect(Collectors.joining(", "))));
  }
}
