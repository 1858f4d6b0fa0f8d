package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.segmentation.clv.ClvStage;
import io.segmentation.clv.SavedClv;
import io.segmentation.config.JobConfig;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.history.DriftReport;
import io.segmentation.model.PopulationProfile;
import io.segmentation.model.SavedModel;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.tables.ClvTables;
import io.segmentation.tables.Tables;
import io.segmentation.warehouse.DeltaWriter;
import io.segmentation.warehouse.Layout;
import io.segmentation.warehouse.WarehouseLocation;
import io.segmentation.warehouse.WarehouseLock;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code score} command: new invoices through a saved model, no refitting. */
public final class ScoringJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringJob.class);
  private final SparkSession spark;
  private final JobConfig config;
  private final String runId;

  /** What was scored. */
  public record Result(long customers, int segments, String table, DriftReport drift) {}

  public ScoringJob(SparkSession spark, JobConfig config, String runId) {
    this.spark = spark;
    this.config = config;
    this.runId = runId;
  }

  /**
   * Scores holding the warehouse's lock, as a run does: a score and a run (or two scores) never
   * write the same warehouse at once; the second fails at once with exit 5.
   */
  public Result score(String modelPath) {
    WarehouseLocation.check(spark, config.output().path());
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(), config.output().path(), runId)) {
      return scoreLocked(modelPath);
    }
  }

  /**
   * PSI of every KMeans feature of the scored customers against the model's training population
   * (saved with the model); null for models saved without it. Warnings are logged.
   */
  private DriftReport drift(String modelPath, Dataset<Row> features) {
    return PopulationProfile.load(spark, modelPath)
        .map(
            p -> {
              DriftReport d =
                  DriftReport.ofPopulation(
                      p.psi(p.sharesOf(features)),
                      config.identity().drift(),
                      "the model's training population");
              d.warnings().forEach(w -> LoggerFactory.getLogger(ScoringJob.class).warn(w));
              return d;
            })
        .orElse(null);
  }

  /**
   * The lifetime-value columns from the parameters saved with the model, at the score input's
   * reference date; NULL when clv.enabled is false or the model was saved without them.
   */
  private Dataset<Row> withClv(
      Dataset<Row> assigned,
      String modelPath,
      Dataset<Row> clean,
      LocalDate reference,
      CachedFrames cache) {
    return SavedClv.load(spark, modelPath)
        .filter(saved -> config.clv().enabled())
        .map(
            saved ->
                ClvTables.withPredictions(
                    assigned,
                    ClvStage.predict(
                        clean,
                        reference,
                        saved.configFor(config.clv()),
                        saved.purchases(),
                        saved.orderValues(),
                        cache::keep)))
        .orElseGet(() -> ClvTables.withoutPredictions(assigned));
  }

  /**
   * The run's own read, cleaning checks, reference-date rule and features ({@link InvoiceSource},
   * {@link RejectGuard}), then the saved model's assignment.
   */
  private Result scoreLocked(String modelPath) {
    SavedModel model = SavedModel.load(spark, modelPath);
    InvoiceSource source = new InvoiceSource(spark, config, Instant.now());
    try (CachedFrames cache = new CachedFrames()) {
      Dataset<Row> classified = cache.keep(source.classify().rows());
      Quality quality = source.quality(classified);
      RejectGuard.check(config, quality, classified).forEach(LOG::warn);
      LocalDate reference =
          CustomerFeatures.referenceDate(config.features().referenceDate(), quality.lastSale());
      Dataset<Row> clean = source.cleanSales(classified);
      Dataset<Row> features = source.features(classified, clean, reference);
      Dataset<Row> assigned =
          model
              .assign(features)
              .select(
                  col(FeatureColumns.CUSTOMER_ID),
                  model.mapIndex(SavedModel.Entry::clusterKey).as(Tables.CLUSTER_KEY),
                  model.mapIndex(SavedModel.Entry::name).as(Tables.SEGMENT_NAME),
                  col(ModelColumns.DISTANCE),
                  lit(runId).as(Tables.RUN_ID));
      Dataset<Row> scored = cache.keep(withClv(assigned, modelPath, clean, reference, cache));
      long customers = scored.count();
      // The same table rules as the run's tables: comments, explicit properties (protocol 1/2),
      // the run id in the commit, one file per two million rows.
      try (DeltaWriter writer =
          new DeltaWriter(spark, config.output().path(), runId, config.output().database())) {
        writer.overwrite(Tables.SCORED_CUSTOMERS, Layout.compact(scored, customers), false);
        return new Result(
            customers,
            model.segments().size(),
            writer.path(Tables.SCORED_CUSTOMERS),
            drift(modelPath, features));
      }
    }
  }
}
