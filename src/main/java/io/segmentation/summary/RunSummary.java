package io.segmentation.summary;

import io.segmentation.clv.ClvFits;
import io.segmentation.history.DriftReport;
import io.segmentation.model.KCandidate;
import io.segmentation.model.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did, for the console, the run log, the summary JSON and the HTML report. Row counts
 * reconcile: {@code rowsRead = rowsClean + rowsRejected}, and {@code rowsRejected} is the sum of
 * {@code rejectedByRule} (duplicate lines count under {@code duplicate_row}). {@code guestRows} of
 * the clean rows are guest sales (no customer id): in fact_sales, not segmented. {@code warnings}
 * are the reject guard's ({@code RejectGuard}), the drift checks' and the lifetime-value fits';
 * {@code clv} is what the lifetime-value stage fitted (status disabled when clv.enabled is false).
 */
public record RunSummary(
    String runId,
    String status,
    Instant startedAt,
    Instant finishedAt,
    String inputPath,
    String referenceDate,
    long rowsRead,
    long rowsClean,
    long guestRows,
    long rowsRejected,
    Map<String, Long> rejectedByRule,
    long customerIdsRead,
    long customers,
    List<String> features,
    KSearchLine kSearch,
    List<SegmentLine> segments,
    Map<String, TableLine> tables,
    String modelPath,
    Map<String, StageTimer.StageLine> stages,
    List<String> warnings,
    DriftReport drift,
    ClvFits clv) {

  /** Every k tried, with its scores. */
  public List<KCandidate> candidates() {
    return kSearch.candidates();
  }

  /** The k the run segmented with, scored on every customer. */
  public KCandidate chosen() {
    return kSearch.chosen();
  }

  /**
   * The k search: every k tried, the one chosen, the previous run's k and why this k.
   *
   * @param previousK the previous successful run's k (empty on a first run)
   * @param reason one sentence: the best silhouette, or the previous k kept within the margin
   */
  public record KSearchLine(
      List<KCandidate> candidates, KCandidate chosen, Optional<Integer> previousK, String reason) {
    /** Whether k differs from the previous run's. */
    public boolean changed() {
      return previousK.isPresent() && previousK.get() != chosen.k();
    }
  }

  /** Wall time of the run in seconds. */
  public double durationSeconds() {
    return (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
  }

  /** One segment: its key, name, size and what to do about it, with its average RFM values. */
  public record SegmentLine(
      int key,
      String name,
      String description,
      String recommendedActions,
      long customers,
      double share,
      double avgRecencyDays,
      double avgFrequency,
      double avgMonetary) {

    /** The line of a named segment. */
    public static SegmentLine of(Segment s) {
      return new SegmentLine(
          s.key(),
          s.name().name(),
          s.name().description(),
          s.name().actions(),
          s.profile().customers(),
          s.profile().share(),
          s.profile().recencyDays(),
          s.profile().frequency(),
          s.profile().monetary());
    }
  }

  /** One table: where it is and the Delta version this run committed. */
  public record TableLine(String path, long version) {}
}
