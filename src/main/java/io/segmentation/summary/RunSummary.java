package io.segmentation.summary;

import io.segmentation.history.DriftReport;
import io.segmentation.model.KCandidate;
import io.segmentation.model.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run did, for the console, the run log, the summary JSON and the HTML report. Row counts
 * reconcile: {@code rowsRead = rowsClean + rowsRejected}, and {@code rowsRejected} is the sum of
 * {@code rejectedByRule} (duplicate lines count under {@code duplicate_row}). {@code guestRows} of
 * the clean rows are guest sales (no customer id): in fact_sales, not segmented. {@code warnings}
 * are the reject guard's ({@code RejectGuard}).
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
    List<KCandidate> candidates,
    KCandidate chosen,
    List<SegmentLine> segments,
    Map<String, TableLine> tables,
    String modelPath,
    Map<String, StageTimer.StageLine> stages,
    List<String> warnings,
    DriftReport drift) {

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
