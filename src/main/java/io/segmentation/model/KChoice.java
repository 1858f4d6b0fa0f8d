package io.segmentation.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The k a run segments with and why: the best silhouette, or the previous run's k kept because no
 * other k beat it by {@code model.k-switch-margin}. Segments keep their meaning from run to run
 * only while k stays; a k that wins by a hair one month and loses the next would reshuffle every
 * customer.
 *
 * @param chosen the candidate the run fits
 * @param best the candidate with the highest silhouette (the same as {@code chosen} unless the
 *     previous k was kept)
 * @param previousK the previous successful run's k, if there is one
 * @param reason one sentence for the run summary, the report and the console
 */
public record KChoice(
    KCandidate chosen, KCandidate best, Optional<Integer> previousK, String reason) {

  /** Whether this run's k differs from the previous run's (false on a first run). */
  public boolean changed() {
    return previousK.isPresent() && previousK.get() != chosen.k();
  }

  static KChoice best(KCandidate best, Optional<Integer> previousK, String why) {
    return new KChoice(best, best, previousK, why);
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
