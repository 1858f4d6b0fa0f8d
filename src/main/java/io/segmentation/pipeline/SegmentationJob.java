package io.segmentation.pipeline;

import io.segmentation.config.JobConfig;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.history.Continuity;
import io.segmentation.history.PreviousRun;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentProfile;
import io.segmentation.model.SegmentProfiler;
import io.segmentation.model.SegmentSearch;
import io.segmentation.summary.ReportData;
import io.segmentation.summary.RunSummary;
import io.segmentation.summary.StageTimer;
import io.segmentation.tables.ProfileStage;
import io.segmentation.warehouse.WarehouseLocation;
import io.segmentation.warehouse.WarehouseLock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code run} command: read, clean, build features, choose k, fit, profile and name segments,
 * write the star schema and the run tables. Each stage is a class of its own; this class only wires
 * them in order, caches what several stages reuse ({@link CachedFrames}) and times each stage
 * ({@link StageTimer}).
 */
public final class SegmentationJob {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationJob.class);
  private final SparkSession spark;
  private final JobConfig config;
  private final String effectiveConfig;
  private final String runId;
  private Optional<ReportData> reportData = Optional.empty();

  public SegmentationJob(
      SparkSession spark, JobConfig config, String effectiveConfig, String runId) {
    this.spark = spark;
    this.config = config;
    this.effectiveConfig = effectiveConfig;
    this.runId = runId;
  }

  /** Runs holding the warehouse's lock ({@link WarehouseLock}): a second run fails with exit 5. */
  public RunSummary run() {
    WarehouseLocation.check(spark, config.output().path());
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(), config.output().path(), runId)) {
      return runLocked();
    }
  }

  /** After {@link #run()}: the report's data; empty when output.report is off or it failed. */
  public Optional<ReportData> reportData() {
    return reportData;
  }

  private RunSummary runLocked() {
    Instant started = Instant.now();
    StageTimer timer = new StageTimer(spark.sparkContext());
    InputSource source = InputSource.of(spark, config, started);
    try (CachedFrames cache = new CachedFrames()) {
      InputSource.Classified input =
          timer.stage("read", source::classify, c -> Summaries.inputLine(config));
      Dataset<Row> classified = cache.keep(input.rows(), input.layout());
      Quality quality = timer.stage("clean", () -> source.quality(classified), Quality::describe);
      List<String> warnings = new ArrayList<>(RejectGuard.check(config, quality, classified));
      warnings.forEach(LOG::warn);
      Dataset<Row> clean = source.cleanSales(classified);
      LocalDate reference =
          CustomerFeatures.referenceDate(config.features().referenceDate(), quality.lastSale());
      Dataset<Row> features =
          timer
              .stage(
                  "features",
                  () -> source.keptFeatures(cache, classified, clean, reference),
                  f -> Summaries.featuresLine(f.count(), input.features(), reference))
              .rows();
      var clv = ClvStep.run(timer, config, clean, reference, cache);
      // The previous successful run, read before any table is overwritten.
      Optional<PreviousRun> previous =
          timer.stage(
              "history",
              () -> PreviousRun.find(spark, config.output().path(), runId),
              PreviousRun::describe);
      SegmentSearch.Result search =
          timer.stage(
              "model",
              () ->
                  new SegmentSearch(config, input.features())
                      .after(previous.map(PreviousRun::model))
                      .run(features),
              r -> r.describe(config.model().kValues()));
      Dataset<Row> assigned = cache.keep(SegmentAssigner.assign(search.model(), features));
      List<SegmentProfile> profiles =
          timer.stage(
              "profile", () -> SegmentProfiler.profile(assigned), p -> p.size() + " segments");
      // Keys and names follow the previous run's segments; migration and drift.
      Continuity.Result continuity =
          timer.stage(
              "identity",
              () ->
                  Continuity.resolve(
                      config,
                      input.features(),
                      previous,
                      assigned,
                      profiles,
                      search.chosen().silhouette()),
              Continuity.Result::describe);
      warnings.addAll(continuity.drift().warnings());
      Dataset<Row> attributes = source.attributes(classified);
      WriteStage.Inputs tablesFrom =
          new WriteStage.Inputs(
              clean,
              features,
              attributes,
              assigned,
              source.rejected(classified),
              continuity,
              cache.keep(
                  ProfileStage.segmentProfile(
                      assigned, attributes, input.features(), continuity.segments(), runId)),
              search,
              clv,
              quality,
              WriteStage.modelPath(config, runId),
              started);
      Map<String, RunSummary.TableLine> tables =
          timer.stage(
              "write",
              () -> new WriteStage(spark, config, runId, effectiveConfig).write(tablesFrom),
              t -> t.size() + " Delta tables under " + config.output().path());
      reportData = ReportStage.data(config, tablesFrom);
      return Summaries.succeeded(
          runId, config, reference, input.features(), warnings, tablesFrom, tables, timer);
    }
  }
}
