package io.segmentation.pipeline;

import io.segmentation.config.JobConfig;
import io.segmentation.model.SegmentSearch;
import io.segmentation.schema.FeatureSet;
import io.segmentation.summary.RunSummary;
import io.segmentation.summary.StageTimer;
import io.segmentation.tables.ProfileStage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The summary of a successful run, from what its stages returned. */
final class Summaries {
  private Summaries() {}

  static RunSummary succeeded(
      String runId,
      Instant started,
      JobConfig config,
      LocalDate reference,
      Quality quality,
      List<String> warnings,
      FeatureSet features,
      SegmentSearch.Result search,
      ProfileStage.Result profile,
      Map<String, RunSummary.TableLine> tables,
      String modelPath,
      StageTimer timer) {
    return new RunSummary(
        runId,
        "succeeded",
        started,
        Instant.now(),
        config.input().path(),
        reference.toString(),
        quality.rowsRead(),
        quality.rowsClean(),
        quality.guestRows(),
        quality.rowsRejected(),
        quality.rejectedByRule(),
        quality.customerIdsRead(),
        search.customers(),
        features.kmeans(),
        search.candidates(),
        search.chosen(),
        profile.segments().stream().map(RunSummary.SegmentLine::of).toList(),
        tables,
        modelPath,
        timer.stages(),
        warnings);
  }
}
