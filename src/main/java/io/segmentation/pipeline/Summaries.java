package io.segmentation.pipeline;

import io.segmentation.config.JobConfig;
import io.segmentation.model.SegmentSearch;
import io.segmentation.schema.FeatureSet;
import io.segmentation.summary.RunSummary;
import io.segmentation.summary.StageTimer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary of a successful run, from what its stages returned. */
final class Summaries {
  private Summaries() {}

  /** The summary of a run whose tables are written. */
  static RunSummary succeeded(
      String runId,
      JobConfig config,
      LocalDate reference,
      FeatureSet features,
      List<String> warnings,
      WriteStage.Inputs in,
      Map<String, RunSummary.TableLine> tables,
      StageTimer timer) {
    Quality quality = in.quality();
    List<String> allWarnings = new ArrayList<>(warnings);
    allWarnings.addAll(in.clv().warnings());
    SegmentSearch.Result search = in.search();
    return new RunSummary(
        runId,
        "succeeded",
        in.started(),
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
        new RunSummary.KSearchLine(
            search.candidates(), search.chosen(), search.previousK(), search.kReason()),
        in.continuity().segments().stream().map(RunSummary.SegmentLine::of).toList(),
        tables,
        in.modelPath(),
        timer.stages(),
        allWarnings,
        in.continuity().drift(),
        in.clv().fits());
  }

  /** The read stage's line. */
  static String inputLine(JobConfig config) {
    return "input "
        + config.input().path()
        + " ("
        + config.input().level().name().toLowerCase(Locale.ROOT)
        + ")";
  }

  /** The features stage's line. */
  static String featuresLine(long customers, FeatureSet features, LocalDate reference) {
    return String.format(
        Locale.ROOT,
        "%,d customers, %d features (KMeans on %s), reference date %s",
        customers,
        features.profiled().size(),
        features.kmeans(),
        reference);
  }
}
