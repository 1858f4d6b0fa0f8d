package io.segmentation.pipeline;

import io.segmentation.clv.ClvResult;
import io.segmentation.clv.ClvStage;
import io.segmentation.config.JobConfig;
import io.segmentation.summary.StageTimer;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's {@code clv} stage: {@link ClvStage} on the clean sales at the features' reference date,
 * timed, its summaries cached with the run's frames and its warnings logged (they reach the run
 * summary through {@link ClvResult#warnings()}). With {@code clv.enabled = false} it fits nothing
 * and the columns stay NULL.
 */
final class ClvStep {
  private static final Logger LOG = LoggerFactory.getLogger(ClvStep.class);

  private ClvStep() {}

  static ClvResult run(
      StageTimer timer,
      JobConfig config,
      Dataset<Row> clean,
      LocalDate reference,
      CachedFrames cache) {
    ClvResult clv =
        timer.stage(
            "clv",
            () ->
                new ClvStage(config.clv(), config.model().seed())
                    .run(clean, reference, cache::keep),
            ClvResult::describe);
    clv.warnings().forEach(LOG::warn);
    return clv;
  }
}
