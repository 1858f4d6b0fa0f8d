package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.features.FeatureColumns;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.ingest.InvoiceColumns;
import io.segmentation.ingest.InvoiceReader;
import io.segmentation.model.ModelColumns;
import io.segmentation.model.SavedModel;
import io.segmentation.warehouse.DeltaWriter;
import io.segmentation.warehouse.Layout;
import io.segmentation.warehouse.Tables;
import io.segmentation.warehouse.WarehouseLock;
import io.segmentation.warehouse.WarehouseLocation;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** The {@code score} command: new invoices through a saved model, no refitting. */
public final class ScoringJob {
  private final SparkSession spark;
  private final JobConfig config;
  private final String runId;

  /** What was scored. */
  public record Result(long customers, int segments, String table, io.segmentation.history.DriftReport drift) {}

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
        WarehouseLock.acquire(spark.sparkContext().hadoopConfiguration(), config.output().path(), runId)) {
      return scoreLocked(modelPath);
    }
  }

  /**
   * Issue 16: PSI of every KMeans feature of the scored customers against the model's training
   * population (saved with the model); null for models saved without it. Warnings are logged.
   */
  private io.segmentation.history.DriftReport drift(String modelPath, Dataset<Row> features) {
    return io.segmentation.model.PopulationProfile.load(spark, modelPath)
        .map(p -> {
          io.segmentation.history.DriftReport d =
              io.segmentation.history.DriftReport.ofPopulation(
                  p.psi(p.sharesOf(features)), config.identity().drift(), "the model's training population");
          d.warnings().forEach(w -> org.slf4j.LoggerFactory.getLogger(ScoringJob.class).warn(w));
          return d;
        })
        .orElse(null);
  }

  private Result scoreLocked(String modelPath) {
    SavedModel model = SavedModel.load(spark, modelPath);
    InvoiceCleaner cleaner = new InvoiceCleaner(config.input(), config.cleaning(), Instant.now());
    // Guest sales (no customer id) have nobody to score.
    Dataset<Row> clean =
        InvoiceCleaner.customerSales(
                cleaner.clean(InvoiceCleaner.protect(cleaner.classify(new InvoiceReader(spark, config.input()).read()),
                    io.segmentation.privacy.Pseudonymizer.of(config.privacy()))))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row last = clean.agg(max(col(InvoiceColumns.INVOICE_TS))).first();
      if (last.isNullAt(0)) {
        throw Errors.noUsableRows(config.input().path(), 0, "", 0);
      }
      LocalDate reference =
          config.features().referenceDate()
              .orElse(((Timestamp) last.get(0)).toInstant().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1));
      Dataset<Row> features = new CustomerFeatures(reference, config.features().homeCountry()).build(clean);
      Dataset<Row> scored =
          model.assign(features)
              .select(
                  col(FeatureColumns.CUSTOMER_ID),
                  model.mapIndex(SavedModel.Entry::clusterKey).as(Tables.CLUSTER_KEY),
                  model.mapIndex(SavedModel.Entry::name).as(Tables.SEGMENT_NAME),
                  col(ModelColumns.DISTANCE),
                  lit(runId).as(Tables.RUN_ID))
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long customers = scored.count();
        // The same table rules as the run's tables: comments, explicit properties (protocol 1/2),
        // the run id in the commit, one file per two million rows.
        DeltaWriter writer = new DeltaWriter(spark, config.output().path(), runId, config.output().database());
        writer.overwrite(Tables.SCORED_CUSTOMERS, Layout.compact(scored, customers), false);
        return new Result(customers, model.segments().size(), writer.path(Tables.SCORED_CUSTOMERS), drift(modelPath, features));
      } finally {
        scored.unpersist();
      }
    } finally {
      clean.unpersist();
    }
  }
}
