package io.segmentation.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.segmentation.config.InputLevel;
import io.segmentation.config.JobConfig;
import io.segmentation.errors.Errors;
import io.segmentation.features.CustomerFeatures;
import io.segmentation.history.Continuity;
import io.segmentation.history.HistoryTables;
import io.segmentation.history.PreviousRun;
import io.segmentation.ingest.InvoiceCleaner;
import io.segmentation.ingest.InvoiceReader;
import io.segmentation.model.KCandidate;
import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentProfiler;
import io.segmentation.model.SegmentSearch;
import io.segmentation.warehouse.DeltaWriter;
import io.segmentation.warehouse.Layout;
import io.segmentation.warehouse.RunTables;
import io.segmentation.warehouse.StarSchema;
import io.segmentation.warehouse.Tables;
import io.segmentation.warehouse.WarehouseLocation;
import io.segmentation.warehouse.WarehouseLock;
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

  /**
   * Runs the pipeline holding the warehouse's lock ({@link WarehouseLock}): a second run on the same
   * warehouse fails at once with exit 5 and touches nothing.
   */
  public RunSummary run() {
    WarehouseLocation.check(spark, config.output().path());
    try (WarehouseLock lock =
        WarehouseLock.acquire(spark.sparkContext().hadoopConfiguration(), config.output().path(), runId)) {
      return runLocked();
    }
  }

  private RunSummary runLocked() {
    Instant started = Instant.now();
    StageTimer timer = new StageTimer(spark.sparkContext());
    InputSource source =
        config.input().level() == InputLevel.CUSTOMERS
            ? new CustomerSource(spark, config, started)
            : new InvoiceSource(spark, config, started);
    Dataset<Row> classified =
        timer.stage(
            "read",
            () -> source.classify().persist(StorageLevel.MEMORY_AND_DISK()),
            df -> "input " + config.input().path() + " (" + config.input().level().name().toLowerCase(java.util.Locale.ROOT) + ")");
    try {
      Quality quality = timer.stage("clean", () -> source.quality(classified), Quality::describe);
      List<String> warnings =
          new java.util.ArrayList<>(RejectGuard.check(
              config, quality.rowsRead(), quality.rowsClean(), quality.guestRows(), quality.rejectedByRule(), classified));
      warnings.forEach(w -> LOG.warn(w));
      JobConfig resolved = source.config();
      Dataset<Row> clean = source.cleanSales(classified);
      LocalDate reference = config.features().referenceDate().orElse(quality.lastSale().plusDays(1));
      Dataset<Row> base = source.features(classified, clean, reference).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> attributes = source.attributes(classified);
      try {
        Dataset<Row> features = timer.stage("features", () -> source.scored(base), f -> String.format(
            java.util.Locale.ROOT, "%,d customers, %d features (KMeans on %s), reference date %s",
            base.count(), source.profiledFeatures().size(), resolved.features().kmeans(), reference));
        // Issue 16: the previous successful run, read before any table is overwritten.
        java.util.Optional<PreviousRun> previous =
            timer.stage(
                "history",
                () -> PreviousRun.find(spark, config.output().path(), runId),
                p -> p.map(x -> "previous successful run " + x.runId() + ", " + x.model().segments().size() + " segments")
                    .orElse("no previous successful run: first run of this warehouse"));
        SegmentSearch.Result search =
            timer.stage(
                "model",
                () -> new SegmentSearch(resolved).warmStartFrom(previous.map(p -> p.model().pipeline())).run(features),
                r -> String.format(
                    java.util.Locale.ROOT, "%,d customers, k=%d chosen from %s, silhouette %.3f",
                    r.customers(), r.chosen().k(), config.model().kValues(), r.chosen().silhouette()));
        Dataset<Row> assigned =
            SegmentAssigner.assign(search.model(), features).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          List<io.segmentation.model.SegmentProfile> profiles =
              timer.stage(
                  "profile",
                  () -> SegmentProfiler.profile(assigned),
                  s -> s.size() + " segments profiled");
          // Issue 16: keys and names follow the previous run's segments; migration and drift.
          Continuity.Result continuity =
              timer.stage(
                  "identity",
                  () -> Continuity.resolve(resolved, previous, assigned, profiles, search.chosen().silhouette()),
                  c -> c.segments().size() + " segments: " + String.join(", ", c.segments().stream().map(x -> x.key() + " " + x.name().name()).toList())
                      + String.format(java.util.Locale.ROOT, " (%d continuing, %d new, %d retired)", c.drift().continuing(), c.drift().created(), c.drift().retired()));
          List<Segment> segments = continuity.segments();
          warnings.addAll(continuity.drift().warnings());
          String modelPath = config.output().path().replaceAll("/+$", "") + "/models/" + runId;
          io.segmentation.model.SavedModel.of(search.model(), segments).save(spark, modelPath);
          continuity.population().save(spark, modelPath);
          Inputs inputs = new Inputs(source, classified, clean, features, attributes, assigned, continuity, quality.lastSale());
          Map<String, RunSummary.TableLine> tables =
              timer.stage(
                  "write",
                  () -> writeTables(inputs, segments, search, quality, modelPath, started),
                  t -> t.size() + " Delta tables under " + config.output().path());
          return summary(started, reference, resolved, quality, warnings, search, segments, tables, modelPath, timer, continuity.drift());
        } finally {
          assigned.unpersist();
        }
      } finally {
        base.unpersist();
      }
    } finally {
      classified.unpersist();
    }
  }

  /** The frames the tables are written from. {@code attributes} may be null. */
  private record Inputs(
      InputSource source, Dataset<Row> classified, Dataset<Row> clean, Dataset<Row> features,
      Dataset<Row> attributes, Dataset<Row> assigned, Continuity.Result continuity, LocalDate asOf) {}

  private Map<String, RunSummary.TableLine> writeTables(
      Inputs in,
      List<Segment> segments,
      SegmentSearch.Result search,
      Quality quality,
      String modelPath,
      Instant started) {
    DeltaWriter writer = new DeltaWriter(spark, config.output().path(), runId, config.output().database());
    RunTables run = new RunTables(spark, runId);
    HistoryTables history = new HistoryTables(spark, runId);
    try {
      Map<String, RunSummary.TableLine> tables = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
      writeStarSchema(writer, tables, in, segments, quality.rowsClean(), search.customers());
      // Append tables last: a retry of the same run id completes them without duplicates.
      TableBatch.run(
          () -> put(tables, writer, Tables.MODEL_SELECTION, writer.append(Tables.MODEL_SELECTION, run.modelSelection(search.candidates(), search.chosen()), true)),
          () -> put(tables, writer, Tables.DATA_QUALITY, writer.append(Tables.DATA_QUALITY, run.dataQuality(quality.rowsRead(), quality.rowsClean(), quality.guestRows(), quality.rejectedByRule()), true)),
          () -> put(tables, writer, Tables.REJECTED_ROWS, writer.append(Tables.REJECTED_ROWS, run.rejectedRows(in.source().rejected(in.classified())), false)),
          // Issue 16: history and migration, appended once per run id.
          () -> put(tables, writer, Tables.FACT_SEGMENT_HISTORY, writer.append(Tables.FACT_SEGMENT_HISTORY,
              Layout.compact(history.history(in.assigned(), segments, in.asOf()), search.customers()), false)),
          () -> put(tables, writer, Tables.SEGMENT_MIGRATION, writer.append(Tables.SEGMENT_MIGRATION, history.migration(in.continuity()), true)));
      put(tables, writer, Tables.RUN_LOG,
          writer.append(Tables.RUN_LOG,
              HistoryTables.withDrift(run.runLog(runLogEntry("succeeded", started, quality, search, modelPath)), in.continuity().drift()),
              true));
      return ordered(tables);
    } catch (Exception e) { // Spark's AnalysisException is checked but thrown undeclared
      List<String> restored = writer.rollback();
      LOG.error("writing the tables failed; restored {} to their previous versions", restored);
      try {
        writer.append(Tables.RUN_LOG,
            HistoryTables.withDrift(run.runLog(runLogEntry("failed", started, quality, search, modelPath)), in.continuity().drift()),
            true, runId + ":failed");
      } catch (Exception logFailure) {
        e.addSuppressed(logFailure);
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof io.delta.exceptions.DeltaConcurrentModificationException) {
          LOG.error("concurrent change of an output table", e);
          throw Errors.concurrentTableChange(t.getMessage());
        }
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
      Inputs in,
      List<Segment> segments,
      long salesRows,
      long customers) {
    StarSchema star = new StarSchema(spark, runId);
    Dataset<Row> clean = in.clean();
    Dataset<Row> assigned = in.assigned();
    Dataset<Row> dimCountry = star.dimCountry(clean).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> dimCustomer = star.dimCustomer(in.features(), dimCountry, in.attributes()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      TableBatch.run(
          () -> put(tables, writer, Tables.DIM_DATE, writer.overwrite(Tables.DIM_DATE, star.dimDate(clean), true)),
          () -> put(tables, writer, Tables.DIM_COUNTRY, writer.overwrite(Tables.DIM_COUNTRY, dimCountry, true)),
          () -> put(tables, writer, Tables.DIM_CUSTOMER, writer.overwrite(Tables.DIM_CUSTOMER, Layout.compact(dimCustomer, customers), false)),
          () -> put(tables, writer, Tables.DIM_CLUSTER, writer.overwrite(Tables.DIM_CLUSTER,
              new HistoryTables(spark, runId).dimCluster(star.dimCluster(segments), in.continuity()), true)),
          () -> put(tables, writer, Tables.SEGMENT_PROFILE, writer.overwrite(Tables.SEGMENT_PROFILE, profileOf(star, in, segments), true)));
      Dataset<Row> factClustering =
          star.factClustering(assigned, segments, dimCustomer).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Dataset<Row> sales = star.factSales(clean, dimCountry, factClustering);
        Dataset<Row> laidOut = config.output().optimize()
            ? Layout.clustered(sales, salesRows, Tables.DATE_KEY, Tables.CLUSTER_KEY)
            : Layout.compact(sales, salesRows);
        TableBatch.run(
            () -> put(tables, writer, Tables.FACT_SALES, writer.overwrite(Tables.FACT_SALES, laidOut, false)),
            () -> put(tables, writer, Tables.FACT_CLUSTERING,
                writer.overwrite(Tables.FACT_CLUSTERING, Layout.compact(factClustering, customers), false)));
      } finally {
        factClustering.unpersist();
      }
    } finally {
      dimCustomer.unpersist();
      dimCountry.unpersist();
    }
  }

  /**
   * segment_profile of the segmented customers, with their attributes (age and the shares of each
   * gender and membership value) when the run has any. The share columns are looked up once.
   */
  private static Dataset<Row> profileOf(StarSchema star, Inputs in, List<Segment> segments) {
    List<String> columns = new java.util.ArrayList<>(in.source().profiledFeatures());
    Dataset<Row> profiled = in.assigned();
    if (in.attributes() != null) {
      profiled = profiled.join(in.attributes(), io.segmentation.features.FeatureColumns.CUSTOMER_ID, "left");
      columns.add(Tables.AGE);
      for (var share : attributeShares(in)) {
        profiled = profiled.withColumn(share.getKey(), share.getValue());
        columns.add(share.getKey());
      }
    }
    return star.segmentProfile(profiled, columns, segments);
  }

  /**
   * One 0/1 column per value of gender, membership and the source's customer segment (at most 12
   * values each, collected: a handful
   * of strings), so segment_profile's mean is the share of the segment with that value.
   */
  private static List<Map.Entry<String, org.apache.spark.sql.Column>> attributeShares(Inputs in) {
    List<Map.Entry<String, org.apache.spark.sql.Column>> shares = new java.util.ArrayList<>();
    for (String attribute : List.of(Tables.GENDER, Tables.MEMBERSHIP, Tables.CUSTOMER_SEGMENT)) {
      for (Row r : in.attributes().select(col(attribute)).where(col(attribute).isNotNull()).distinct().orderBy(col(attribute)).limit(12).collectAsList()) {
        String value = r.getString(0);
        String name = "share_" + attribute + "_" + io.segmentation.ingest.CustomerAttribute.snakeCase(value).replaceFirst("^c_", "");
        shares.add(Map.entry(name, org.apache.spark.sql.functions.when(col(attribute).equalTo(value), 1.0).otherwise(0.0)));
      }
    }
    return shares;
  }

  /** The tables in the order of {@link Tables#ALL} (batches finish in any order). */
  private static Map<String, RunSummary.TableLine> ordered(Map<String, RunSummary.TableLine> tables) {
    Map<String, RunSummary.TableLine> out = new LinkedHashMap<>();
    for (io.segmentation.warehouse.TableSpec t : Tables.ALL) {
      if (tables.containsKey(t.name())) {
        out.put(t.name(), tables.get(t.name()));
      }
    }
    return out;
  }

  private static void put(Map<String, RunSummary.TableLine> tables, DeltaWriter writer, io.segmentation.warehouse.TableSpec spec, long version) {
    tables.put(spec.name(), new RunSummary.TableLine(writer.path(spec), version));
  }

  private RunSummary summary(
      Instant started,
      LocalDate reference,
      JobConfig resolved,
      Quality quality,
      List<String> warnings,
      SegmentSearch.Result search,
      List<Segment> segments,
      Map<String, RunSummary.TableLine> tables,
      String modelPath,
      StageTimer timer,
      io.segmentation.history.DriftReport drift) {
    List<RunSummary.SegmentLine> lines =
        segments.stream()
            .map(s -> new RunSummary.SegmentLine(
                s.key(), s.name().name(), s.name().description(), s.name().actions(), s.profile().customers(),
                s.profile().share(), s.profile().recencyDays(), s.profile().frequency(), s.profile().monetary()))
            .toList();
    return new RunSummary(
        runId, "succeeded", started, Instant.now(), config.input().path(), reference.toString(),
        quality.rowsRead(), quality.rowsClean(), quality.guestRows(), quality.rowsRejected(), quality.rejectedByRule(),
        quality.customerIdsRead(), search.customers(), resolved.features().kmeans(), search.candidates(),
        search.chosen(), lines, tables, modelPath, timer.stages(), warnings, drift);
  }
}
