package io.segmentation.model;

import io.segmentation.errors.Errors;
import io.segmentation.errors.UserException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The rule that picks k: the highest silhouette among the k whose smallest segment holds at least
 * {@code minShare} of the customers; ties go to the smaller k. Pure, so it is unit-tested without
 * Spark.
 */
public final class KSelection {
  private KSelection() {}

  /**
   * @return the chosen candidate
   * @throws UserException (exit 4) when no candidate is admissible
   */
  public static KCandidate choose(List<KCandidate> candidates, double minShare) {
    return candidates.stream()
        .filter(c -> c.smallestShare() >= minShare && Double.isFinite(c.silhouette()))
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
