package io.segmentation.pipeline;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.summary.ReportData;
import io.segmentation.tables.Tables;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gathers the HTML report's data from the run's cached frames, never failing the run for it. */
final class ReportStage {
  private static final Logger LOG = LoggerFactory.getLogger(ReportStage.class);

  private ReportStage() {}

  /** From the frames the tables were written from; empty when {@code output.report} is off. */
  static Optional<ReportData> data(JobConfig config, WriteStage.Inputs in) {
    if (!config.output().report()) {
      return Optional.empty();
    }
    List<Segment> segments = in.continuity().segments();
    try {
      Dataset<Row> named =
          in.assigned()
              .withColumn(
                  Tables.SEGMENT_NAME, SegmentAssigner.byIndex(segments, s -> s.name().name()));
      return Optional.of(ReportData.from(in.segmentProfile(), named, in.search().customers()));
    } catch (RuntimeException e) { // the report is a by-product: never fail a run for it
      LOG.warn("could not gather the report's data: {}", Errors.firstLine(e.toString()), e);
      return Optional.empty();
    }
  }
}
