package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.ingest.InvoiceColumns;
import io.segmentation.ingest.InvoiceReader;
import io.segmentation.ingest.RejectReason;
import io.segmentation.model.KCandidate;
import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentProfiler;
import io.segmentation.model.SegmentSearch;
import io.segmentation.warehouse.DeltaWriter;
import io.segmentation.warehouse.RunTables;
import io.segmentation.warehouse.StarSchema;
import io.segmentation.warehouse.Tables;
import io.segmentation.warehouse.WarehouseLocation;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code run} command: read, clean, build features, choose k, fit, profile and name segments,
 * write the star schema and the run tables. Stages are small classes; this class only wires them
 * together, caches what several stages reuse, and times each stage.
 */
public final class SegmentationJob {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SegmentationJob.class);
  private final SparkSession spark;
  private final JobConfig config;
  private final String effectiveConfig;
  private final String runId;

  public SegmentationJob(SparkSession spark, JobConfig config, String effectiveConfig, String runId) {
    this.spark = spark;
    this.config = config;
    this.effectiveConfig = effectiveConfig;
    this.runId = runId;
  }

  public RunSummary run() {
    Instant started = Instant.now();
    WarehouseLocation.check(spark, config.output().path());
    StageTimer timer = new StageTimer(spark.sparkContext());
    InvoiceCleaner cleaner = new InvoiceCleaner(config.input(), config.cleaning(), started);
    Dataset<Row> classified =
        timer.stage(
            "read",
            () -> cleaner.classify(new InvoiceReader(spark, config.input()).read())
                .persist(StorageLevel.MEMORY_AND_DISK()),
            df -> "input " + config.input().path());
    try {
      Quality quality = timer.stage("clean", () -> quality(classified), Quality::describe);
      if (quality.rowsClean() == 0) {
        var top = quality.rejectedByRule().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        throw Errors.noUsableRows(config.input().path(), quality.rowsRead(), top.getKey(), top.getValue());
      }
      Dataset<Row> clean = cleaner.clean(classified);
      LocalDate reference = config.features().referenceDate().orElse(quality.lastSale().plusDays(1));
      Dataset<Row> features =
          io.segmentation.features.RfmScores.add(
                  new CustomerFeatures(reference, config.features().homeCountry()).build(clean))
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        SegmentSearch.Result search =
            timer.stage(
                "model",
                () -> new SegmentSearch(config).run(features),
                r -> String.format(
                    java.util.Locale.ROOT, "%,d customers, k=%d chosen from %s, silhouette %.3f",
                    r.customers(), r.chosen().k(), config.model().kValues(), r.chosen().silhouette()));
        Dataset<Row> assigned =
            SegmentAssigner.assign(search.model(), features).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          List<Segment> segments =
              timer.stage(
                  "profile",
                  () -> SegmentAssigner.segments(SegmentProfiler.profile(assigned)),
                  s -> s.size() + " segments: " + String.join(", ", s.stream().map(x -> x.name().name()).toList()));
          String modelPath = config.output().path().replaceAll("/+$", "") + "/models/" + runId;
          io.segmentation.model.SavedModel.of(search.model(), segments).save(spark, modelPath);
          Map<String, RunSummary.TableLine> tables =
              timer.stage(
                  "write",
                  () -> writeTables(classified, clean, features, assigned, segments, search, quality, modelPath, started),
                  t -> t.size() + " Delta tables under " + config.output().path());
          return summary(started, quality, search, segments, tables, modelPath, timer);
        } finally {
          assigned.unpersist();
        }
      } finally {
        features.unpersist();
      }
    } finally {
      classified.unpersist();
    }
  }

  /** Row counts of the cleaning verdicts. */
  record Quality(long rowsRead, long rowsClean, Map<String, Long> rejectedByRule, long customerIdsRead, LocalDate lastSale) {
    long rowsRejected() {
      return rowsRead - rowsClean;
    }

    String describe() {
      return String.format(
          java.util.Locale.ROOT, "%,d rows read, %,d clean, %,d rejected %s, %,d distinct customer ids",
          rowsRead, rowsClean, rowsRejected(), rejectedByRule, customerIdsRead);
    }
  }

  private Quality quality(Dataset<Row> classified) {
    List<Row> byReason =
        classified
            .groupBy(col(InvoiceColumns.REJECT_REASON))
            .agg(count(lit(1)).as("n"), max(col(InvoiceColumns.INVOICE_TS)).as("last"))
            .collectAsList();
    long read = 0;
    long clean = 0;
    LocalDate lastSale = LocalDate.now(ZoneOffset.UTC);
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r.code(), 0L);
    }
    for (Row r : byReason) {
      long n = r.getLong(1);
      read += n;
      if (r.isNullAt(0)) {
        clean = n;
        if (!r.isNullAt(2)) {
          lastSale = r.getTimestamp(2).toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
        }
      } else {
        rejected.put(r.getString(0), n);
      }
    }
    long ids = classified.agg(count_distinct(InvoiceCleaner.customerIdOf(classified))).first().getLong(0);
    return new Quality(read, clean, rejected, ids, lastSale);
  }


  private Map<String, RunSummary.TableLine> writeTables(
      Dataset<Row> classified,
      Dataset<Row> clean,
      Dataset<Row> features,
      Dataset<Row> assigned,
      List<Segment> segments,
      SegmentSearch.Result search,
      Quality quality,
      String modelPath,
      Instant started) {
    DeltaWriter writer = new DeltaWriter(spark, config.output().path(), runId, config.output().database());
    RunTables run = new RunTables(spark, runId);
    try {
      Map<String, RunSummary.TableLine> tables = new LinkedHashMap<>();
      writeStarSchema(writer, tables, clean, features, assigned, segments);
      // Append tables last: a retry of the same run id completes them without duplicates.
      put(tables, writer, Tables.MODEL_SELECTION, writer.append(Tables.MODEL_SELECTION, run.modelSelection(search.candidates(), search.chosen()), true));
      put(tables, writer, Tables.DATA_QUALITY, writer.append(Tables.DATA_QUALITY, run.dataQuality(quality.rowsRead(), quality.rowsClean(), quality.rejectedByRule()), true));
      put(tables, writer, Tables.REJECTED_ROWS, writer.append(Tables.REJECTED_ROWS, run.rejectedRows(InvoiceCleaner.rejected(classified)), false));
      put(tables, writer, Tables.RUN_LOG,
          writer.append(Tables.RUN_LOG,
              run.runLog(runLogEntry("succeeded", started, quality, search, modelPath)),
              true));
      return tables;
    } catch (Exception e) { // Spark's AnalysisException is checked but thrown undeclared
      List<String> restored = writer.rollback();
      LOG.error("writing the tables failed; restored {} to their previous versions", restored);
      try {
        writer.append(Tables.RUN_LOG,
            run.runLog(runLogEntry("failed", started, quality, search, modelPath)),
            true, runId + ":failed");
      } catch (Exception logFailure) {
        e.addSuppressed(logFailure);
      }
      throw e;
    }
  }

  private RunTables.RunLogEntry runLogEntry(
      String status, Instant started, Quality quality, SegmentSearch.Result search, String modelPath) {
    return new RunTables.RunLogEntry(
        status, Timestamp.from(started), Timestamp.from(Instant.now()), quality.rowsRead(), quality.rowsClean(),
        quality.rowsRejected(), quality.customerIdsRead(), search.customers(), search.chosen().k(),
        search.chosen().silhouette(), search.searchSeconds(), modelPath, config.input().path(), effectiveConfig);
  }

  /** Dimensions first, then facts; every key the facts hold exists in its dimension. */
  private void writeStarSchema(
      DeltaWriter writer,
      Map<String, RunSummary.TableLine> tables,
      Dataset<Row> clean,
      Dataset<Row> features,
      Dataset<Row> assigned,
      List<Segment> segments) {
    StarSchema star = new StarSchema(spark, runId);
    Dataset<Row> dimCountry = star.dimCountry(clean).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> dimCustomer = star.dimCustomer(features, dimCountry).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      put(tables, writer, Tables.DIM_DATE, writer.overwrite(Tables.DIM_DATE, star.dimDate(clean), true));
      put(tables, writer, Tables.DIM_COUNTRY, writer.overwrite(Tables.DIM_COUNTRY, dimCountry, true));
      put(tables, writer, Tables.DIM_CUSTOMER, writer.overwrite(Tables.DIM_CUSTOMER, dimCustomer, false));
      put(tables, writer, Tables.DIM_CLUSTER, writer.overwrite(Tables.DIM_CLUSTER, star.dimCluster(segments), true));
      put(tables, writer, Tables.SEGMENT_PROFILE, writer.overwrite(Tables.SEGMENT_PROFILE, star.segmentProfile(assigned, segments), true));
      Dataset<Row> factClustering =
          star.factClustering(assigned, segments, dimCustomer).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long salesVersion = writer.overwrite(Tables.FACT_SALES, star.factSales(clean, dimCountry, factClustering), false);
        if (config.output().optimize()) {
          salesVersion = writer.optimize(Tables.FACT_SALES, Tables.DATE_KEY, Tables.CLUSTER_KEY);
        }
        put(tables, writer, Tables.FACT_SALES, salesVersion);
        put(tables, writer, Tables.FACT_CLUSTERING, writer.overwrite(Tables.FACT_CLUSTERING, factClustering, false));
      } finally {
        factClustering.unpersist();
      }
    } finally {
      dimCustomer.unpersist();
      dimCountry.unpersist();
    }
  }

  private static void put(Map<String, RunSummary.TableLine> tables, DeltaWriter writer, io.segmentation.warehouse.TableSpec spec, long version) {
    tables.put(spec.name(), new RunSummary.TableLine(writer.path(spec), version));
  }

  private RunSummary summary(
      Instant started,
      Quality quality,
      SegmentSearch.Result search,
      List<Segment> segments,
      Map<String, RunSummary.TableLine> tables,
      String modelPath,
      StageTimer timer) {
    List<RunSummary.SegmentLine> lines =
        segments.stream()
            .map(s -> new RunSummary.SegmentLine(s.key(), s.name().name(), s.profile().customers(), s.profile().share()))
            .toList();
    List<KCandidate> candidates = search.candidates();
    return new RunSummary(
        runId, "succeeded", (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0,
        quality.rowsRead(), quality.rowsClean(), quality.rowsRejected(), quality.rejectedByRule(),
        quality.customerIdsRead(), search.customers(), candidates, search.chosen(), lines, tables,
        modelPath, timer.seconds());
  }
}
