package io.segmentation.history;

import io.segmentation.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * How much this run's segments and population moved against the previous successful run (or, for
 * {@code score}, against the model's training population). NaN where a figure does not apply (first
 * run, no common customers, model saved without its population).
 *
 * @param segments one line per segment of this run (and retired ones), in key order
 * @param psi population stability index per KMeans feature
 * @param warnings one sentence per figure above its {@code drift.*} threshold
 * @param migration customers per (previous segment, current segment), as in segment_migration
 */
public record DriftReport(
    String previousRunId,
    int continuing,
    int created,
    int retired,
    List<SegmentLine> segments,
    double maxCentroidShift,
    double maxShareChange,
    double silhouetteChange,
    double changedShare,
    Map<String, Double> psi,
    double maxPsi,
    List<String> warnings,
    List<Continuity.Move> migration) {

  /**
   * One segment's movement; {@code previousShare} is NaN for new segments, {@code share} for
   * retired.
   */
  public record SegmentLine(
      int key,
      String name,
      String status,
      Integer previousKey,
      double centroidShift,
      double previousShare,
      double share) {}

  public boolean alert() {
    return !warnings.isEmpty();
  }

  /** The warnings for the figures above the thresholds (NaN figures never warn). */
  static List<String> warnings(
      JobConfig.Drift t,
      double shift,
      double share,
      double silhouette,
      double changed,
      Map<String, Double> psi,
      String against) {
    List<String> w = new ArrayList<>();
    if (shift > t.maxCentroidShift()) {
      w.add(
          String.format(
              Locale.ROOT,
              "Drift against %s: a segment's centroid moved %.2f standard deviations"
                  + " (drift.max-centroid-shift = %s).",
              against,
              shift,
              t.maxCentroidShift()));
    }
    if (share > t.maxShareChange()) {
      w.add(
          String.format(
              Locale.ROOT,
              "Drift against %s: a segment's share of customers changed by %.1f points"
                  + " (drift.max-share-change = %s).",
              against,
              share * 100,
              t.maxShareChange()));
    }
    if (-silhouette > t.maxSilhouetteDrop()) {
      w.add(
          String.format(
              Locale.ROOT,
              "Drift against %s: the silhouette dropped by %.3f (drift.max-silhouette-drop = %s).",
              against,
              -silhouette,
              t.maxSilhouetteDrop()));
    }
    if (changed > t.maxChangedShare()) {
      w.add(
          String.format(
              Locale.ROOT,
              "Drift against %s: %.1f%% of the customers in both runs changed segment"
                  + " (drift.max-changed-share = %s).",
              against,
              changed * 100,
              t.maxChangedShare()));
    }
    psi.forEach(
        (f, v) -> {
          if (v > t.maxPsi()) {
            w.add(
                String.format(
                    Locale.ROOT,
                    "Drift against %s: feature %s has PSI %.3f (drift.max-psi = %s).",
                    against,
                    f,
                    v,
                    t.maxPsi()));
          }
        });
    return w;
  }

  /** Largest value, NaN when there is none. */
  static double max(DoubleStream values) {
    return values.filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
  }

  /**
   * Population drift only (the score command): PSI of the scored customers against the model's
   * training population.
   */
  public static DriftReport ofPopulation(
      Map<String, Double> psi, JobConfig.Drift thresholds, String against) {
    double maxPsi = max(psi.values().stream().mapToDouble(Double::doubleValue));
    return new DriftReport(
        null,
        0,
        0,
        0,
        List.of(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        psi,
        maxPsi,
        warnings(thresholds, Double.NaN, Double.NaN, Double.NaN, Double.NaN, psi, against),
        List.of());
  }
}
