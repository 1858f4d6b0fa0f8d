package io.segmentation.pipeline;

import io.delta.exceptions.DeltaConcurrentModificationException;
import io.segmentation.clv.ClvResult;
import io.segmentation.clv.SavedClv;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.history.Continuity;
import io.segmentation.history.HistoryTables;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.model.SavedModel;
import io.segmentation.model.Segment;
import io.segmentation.model.SegmentSearch;
import io.segmentation.summary.RunSummary;
import io.segmentation.tables.ClvTableSpecs;
import io.segmentation.tables.ClvTables;
import io.segmentation.tables.CountryKeys;
import io.segmentation.tables.RunTables;
import io.segmentation.tables.StarSchema;
import io.segmentation.tables.Tables;
import io.segmentation.warehouse.DeltaWriter;
import io.segmentation.warehouse.Layout;
import io.segmentation.warehouse.TableSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write stage: builds the star schema and the run tables ({@link StarSchema}, {@link
 * RunTables}) and writes them with {@link DeltaWriter}, dimensions before facts and the append
 * tables last. A failure restores every table written so far to its previous version and logs the
 * run as failed.
 */
final class WriteStage {
  private static final Logger LOG = LoggerFactory.getLogger(WriteStage.class);
  private final SparkSession spark;
  private final JobConfig config;
  private final String runId;
  private final String effectiveConfig;

  WriteStage(SparkSession spark, JobConfig config, String runId, String effectiveConfig) {
    this.spark = spark;
    this.config = config;
    this.runId = runId;
    this.effectiveConfig = effectiveConfig;
  }

  /** What the tables are written from ({@code attributes} may be null; rejected as stored). */
  record Inputs(
      Dataset<Row> clean,
      Dataset<Row> features,
      Dataset<Row> attributes,
      Dataset<Row> assigned,
      Dataset<Row> rejected,
      Continuity.Result continuity,
      Dataset<Row> segmentProfile,
      SegmentSearch.Result search,
      ClvResult clv,
      Quality quality,
      String modelPath,
      Instant started) {}

  /** Where a run's model is saved: {@code OUTPUT/models/RUN_ID}. */
  static String modelPath(JobConfig config, String runId) {
    return config.output().path().replaceAll("/+$", "") + "/models/" + runId;
  }

  /**
   * Writes every table; returns where each is and the version this run committed, in {@link
   * Tables#ALL} order.
   */
  Map<String, RunSummary.TableLine> write(Inputs in) {
    try (DeltaWriter writer =
        new DeltaWriter(spark, config.output().path(), runId, config.output().database())) {
      return write(writer, in);
    }
  }

  private Map<String, RunSummary.TableLine> write(DeltaWriter writer, Inputs in) {
    RunTables run = new RunTables(spark, runId);
    HistoryTables history = new HistoryTables(spark, runId);
    List<Segment> segments = in.continuity().segments();
    Quality q = in.quality();
    try {
      Map<String, RunSummary.TableLine> tables = Collections.synchronizedMap(new LinkedHashMap<>());
      TableBatch.run(
          // The model's dozen small sequential writes (6 s on the real data) run beside the star
          // schema's, not before its facts; both end before the append tables and run_log.
          () -> {
            SavedModel.of(in.search().model(), segments).save(spark, in.modelPath());
            in.continuity().population().save(spark, in.modelPath());
            SavedClv.of(in.clv().fits()).save(spark, in.modelPath());
          },
          () -> writeStarSchema(writer, tables, in));
      // Append tables last: a retry of the same run id completes them without duplicates.
      TableBatch.run(
          append(
              tables,
              writer,
              Tables.MODEL_SELECTION,
              () -> run.modelSelection(in.search().candidates(), in.search().chosen()),
              true),
          append(
              tables,
              writer,
              Tables.DATA_QUALITY,
              () -> run.dataQuality(q.rowsRead(), q.rowsClean(), q.guestRows(), q.rejectedByRule()),
              true),
          append(
              tables, writer, Tables.REJECTED_ROWS, () -> run.rejectedRows(in.rejected()), false),
          append(
              tables,
              writer,
              ClvTableSpecs.CLV_MODEL,
              () -> ClvTables.clvModel(spark, runId, in.clv().fits()),
              true),
          // History and migration, appended once per run id.
          append(
              tables,
              writer,
              Tables.FACT_SEGMENT_HISTORY,
              () ->
                  Layout.compact(
                      history.history(
                          in.assigned(),
                          segments,
                          in.quality().lastSale(),
                          in.continuity().previous()),
                      in.search().customers()),
              false),
          append(
              tables,
              writer,
              Tables.SEGMENT_MIGRATION,
              () -> history.migration(in.continuity()),
              true));
      put(
          tables,
          writer,
          Tables.RUN_LOG,
          writer.append(Tables.RUN_LOG, runLog(run, "succeeded", in), true));
      return ordered(tables);
    } catch (Exception e) { // Spark's AnalysisException is checked but thrown undeclared
      List<String> restored = writer.rollback();
      LOG.error("writing the tables failed; restored {} to their previous versions", restored);
      try {
        writer.append(Tables.RUN_LOG, runLog(run, "failed", in), true, runId + ":failed");
      } catch (Exception logFailure) {
        e.addSuppressed(logFailure);
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof DeltaConcurrentModificationException) {
          LOG.error("concurrent change of an output table", e);
          throw Errors.concurrentTableChange(t.getMessage());
        }
      }
      throw e;
    }
  }

  /** Dimensions first, then facts; every key the facts hold exists in its dimension. */
  private void writeStarSchema(
      DeltaWriter writer, Map<String, RunSummary.TableLine> tables, Inputs in) {
    StarSchema star = new StarSchema(spark, runId);
    List<Segment> segments = in.continuity().segments();
    long customers = in.search().customers();
    long salesRows = in.quality().rowsClean();
    try (CachedFrames cache = new CachedFrames()) {
      // Built from the driver's country list: nothing to cache.
      Dataset<Row> dimCountry =
          star.dimCountry(
              CountryKeys.known(spark, writer.path(Tables.DIM_COUNTRY)), in.quality().countries());
      Optional<Quality.DateRange> dates = in.quality().salesDates();
      LocalDate firstSale = dates.map(Quality.DateRange::first).orElse(null);
      LocalDate lastSale = dates.map(Quality.DateRange::last).orElse(null);
      Dataset<Row> dimCustomer =
          cache.keep(
              star.dimCustomer(
                  in.features(),
                  StarSchema.salesCustomers(InvoiceCleaner.customerSales(in.clean())),
                  StarSchema.segmentKeys(in.assigned(), segments),
                  dimCountry,
                  in.attributes()));
      TableBatch.run(
          overwrite(tables, writer, Tables.DIM_DATE, () -> star.dimDate(firstSale, lastSale), true),
          overwrite(tables, writer, Tables.DIM_COUNTRY, () -> dimCountry, true),
          overwrite(
              tables,
              writer,
              Tables.DIM_CUSTOMER,
              () -> Layout.compact(dimCustomer, customers),
              false),
          overwrite(
              tables,
              writer,
              Tables.DIM_CLUSTER,
              () ->
                  ClvTables.withSegmentTotals(
                      new HistoryTables(spark, runId)
                          .dimCluster(star.dimCluster(segments), in.continuity()),
                      StarSchema.segmentKeys(in.assigned(), segments),
                      in.clv().customers()),
              true),
          overwrite(tables, writer, Tables.SEGMENT_PROFILE, () -> in.segmentProfile(), true));
      Dataset<Row> factClustering =
          ClvTables.withPredictions(
              star.factClustering(in.assigned(), segments, dimCustomer), in.clv().customers());
      Dataset<Row> sales = star.factSales(in.clean(), dimCountry);
      Dataset<Row> laidOut =
          config.output().optimize()
              ? Layout.clustered(
                  sales,
                  salesRows,
                  spark.sparkContext().defaultParallelism(),
                  StarSchema.salesOrder(),
                  StarSchema.salesDays(firstSale, lastSale))
              : Layout.compact(sales, salesRows);
      TableBatch.run(
          overwrite(tables, writer, Tables.FACT_SALES, () -> laidOut, false),
          overwrite(
              tables,
              writer,
              Tables.FACT_CLUSTERING,
              () -> Layout.compact(factClustering, customers),
              false));
    }
  }

  /** The run_log row, with the identity and drift figures. */
  private Dataset<Row> runLog(RunTables run, String status, Inputs in) {
    return HistoryTables.withDrift(run.runLog(runLogEntry(status, in)), in.continuity().drift());
  }

  private RunTables.RunLogEntry runLogEntry(String status, Inputs in) {
    Quality q = in.quality();
    SegmentSearch.Result s = in.search();
    return new RunTables.RunLogEntry(
        status,
        Timestamp.from(in.started()),
        Timestamp.from(Instant.now()),
        q.rowsRead(),
        q.rowsClean(),
        q.rowsRejected(),
        q.customerIdsRead(),
        s.customers(),
        s.chosen().k(),
        s.chosen().silhouette(),
        s.searchSeconds(),
        in.modelPath(),
        config.input().path(),
        effectiveConfig);
  }

  /** The tables in the order of {@link Tables#ALL} (batches finish in any order). */
  private static Map<String, RunSummary.TableLine> ordered(Map<String, RunSummary.TableLine> t) {
    Map<String, RunSummary.TableLine> out = new LinkedHashMap<>();
    Tables.ALL.stream()
        .filter(s -> t.containsKey(s.name()))
        .forEach(s -> out.put(s.name(), t.get(s.name())));
    return out;
  }

  /** The write of one overwritten table, its rows built on the writing thread. */
  private static Runnable overwrite(
      Map<String, RunSummary.TableLine> tables,
      DeltaWriter writer,
      TableSpec spec,
      Supplier<Dataset<Row>> rows,
      boolean small) {
    return () -> put(tables, writer, spec, writer.overwrite(spec, rows.get(), small));
  }

  /** The write of one append table, its rows built on the writing thread. */
  private static Runnable append(
      Map<String, RunSummary.TableLine> tables,
      DeltaWriter writer,
      TableSpec spec,
      Supplier<Dataset<Row>> rows,
      boolean small) {
    return () -> put(tables, writer, spec, writer.append(spec, rows.get(), small));
  }

  private static void put(
      Map<String, RunSummary.TableLine> tables, DeltaWriter writer, TableSpec spec, long version) {
    tables.put(spec.name(), new RunSummary.TableLine(writer.path(spec), version));
  }
}
