package io.segmentation.pipeline;

import io.segmentation.config.JobConfig;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.model.SavedModel;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentSearch;
import io.segmentation.summary.RunSummary;
import io.segmentation.summary.StageTimer;
import io.segmentation.tables.ProfileStage;
import io.segmentation.warehouse.WarehouseLocation;
import io.segmentation.warehouse.WarehouseLock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  public SegmentationJob(
      SparkSession spark, JobConfig config, String effectiveConfig, String runId) {
    this.spark = spark;
    this.config = config;
    this.effectiveConfig = effectiveConfig;
    this.runId = runId;
  }

  /**
   * Runs the pipeline holding the warehouse's lock ({@link WarehouseLock}): a second run on the
   * same warehouse fails at once with exit 5 and touches nothing.
   */
  public RunSummary run() {
    WarehouseLocation.check(spark, config.output().path());
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(), config.output().path(), runId)) {
      return runLocked();
    }
  }

  private RunSummary runLocked() {
    Instant started = Instant.now();
    StageTimer timer = new StageTimer(spark.sparkContext());
    InputSource source = InputSource.of(spark, config, started);
    try (CachedFrames cache = new CachedFrames()) {
      InputSource.Classified input =
          timer.stage("read", source::classify, c -> "input " + describeInput());
      Dataset<Row> classified = cache.keep(input.rows());
      Quality quality = timer.stage("clean", () -> source.quality(classified), Quality::describe);
      List<String> warnings = RejectGuard.check(config, quality, classified);
      warnings.forEach(LOG::warn);
      Dataset<Row> clean = source.cleanSales(classified);
      LocalDate reference =
          CustomerFeatures.referenceDate(config.features().referenceDate(), quality.lastSale());
      Dataset<Row> base = cache.keep(source.features(classified, clean, reference));
      Dataset<Row> features =
          timer.stage(
              "features",
              () -> source.scored(base),
              f ->
                  String.format(
                      Locale.ROOT,
                      "%,d customers, %d features (KMeans on %s), reference date %s",
                      base.count(),
                      input.features().profiled().size(),
                      input.features().kmeans(),
                      reference));
      SegmentSearch.Result search =
          timer.stage(
              "model",
              () -> new SegmentSearch(config, input.features()).run(features),
              r -> r.describe(config.model().kValues()));
      Dataset<Row> assigned = cache.keep(SegmentAssigner.assign(search.model(), features));
      Dataset<Row> attributes = source.attributes(classified);
      ProfileStage.Result profile =
          timer.stage(
              "profile",
              () -> ProfileStage.run(assigned, attributes, input.features(), runId),
              ProfileStage.Result::describe);
      String modelPath = config.output().path().replaceAll("/+$", "") + "/models/" + runId;
      SavedModel.of(search.model(), profile.segments()).save(spark, modelPath);
      WriteStage.Inputs tablesFrom =
          new WriteStage.Inputs(
              clean,
              features,
              attributes,
              assigned,
              source.rejected(classified),
              profile.segments(),
              profile.segmentProfile(),
              search,
              quality,
              modelPath,
              started);
      Map<String, RunSummary.TableLine> tables =
          timer.stage(
              "write",
              () -> new WriteStage(spark, config, runId, effectiveConfig).write(tablesFrom),
              t -> t.size() + " Delta tables under " + config.output().path());
      return Summaries.succeeded(
          runId,
          started,
          config,
          reference,
          quality,
          warnings,
          input.features(),
          search,
          profile,
          tables,
          modelPath,
          timer);
    }
  }

  private String describeInput() {
    return config.input().path()
        + " ("
        + config.input().level().name().toLowerCase(Locale.ROOT)
        + ")";
  }
}
