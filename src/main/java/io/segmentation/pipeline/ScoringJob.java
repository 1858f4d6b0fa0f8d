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
import io.segmentation.warehouse.Tables;
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
  public static final String TABLE = "scored_customers";

  private final SparkSession spark;
  private final JobConfig config;
  private final String runId;

  /** What was scored. */
  public record Result(long customers, int segments, String table) {}

  public ScoringJob(SparkSession spark, JobConfig config, String runId) {
    this.spark = spark;
    this.config = config;
    this.runId = runId;
  }

  public Result score(String modelPath) {
    WarehouseLocation.check(spark, config.output().path());
    SavedModel model = SavedModel.load(spark, modelPath);
    InvoiceCleaner cleaner = new InvoiceCleaner(config.input(), config.cleaning(), Instant.now());
    Dataset<Row> clean =
        cleaner.clean(InvoiceCleaner.protect(cleaner.classify(new InvoiceReader(spark, config.input()).read()),
            io.segmentation.privacy.Pseudonymizer.of(config.privacy())))
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
                  lit(runId).as(Tables.RUN_ID));
      String table = config.output().path().replaceAll("/+$", "") + "/" + TABLE;
      scored.write().format("delta").mode("overwrite").option("overwriteSchema", "true").option("userMetadata", runId).save(table);
      long customers = spark.read().format("delta").load(table).count();
      return new Result(customers, model.segments().size(), table);
    } finally {
      clean.unpersist();
    }
  }
}
