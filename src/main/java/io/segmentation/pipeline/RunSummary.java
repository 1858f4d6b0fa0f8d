package io.segmentation.pipeline;

import io.segmentation.model.KCandidate;
import java.util.List;
import java.util.Map;

/** What a run did, for the console, the run log and the summary JSON. */
public record RunSummary(
    String runId,
    String status,
    double durationSeconds,
    long rowsRead,
    long rowsClean,
    long rowsRejected,
    Map<String, Long> rejectedByRule,
    long customerIdsRead,
    long customers,
    List<KCandidate> candidates,
    KCandidate chosen,
    List<SegmentLine> segments,
    Map<String, TableLine> tables,
    String modelPath,
    Map<String, Double> stageSeconds) {

  /** One segment: its key, name and size. */
  public record SegmentLine(int key, String name, long customers, double share) {}

  /** One table: where it is and the Delta version this run committed. */
  public record TableLine(String path, long version) {}
}
