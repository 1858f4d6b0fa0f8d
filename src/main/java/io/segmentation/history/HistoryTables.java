package io.segmentation.history;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentIdentity;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.tables.RunTableSpecs;
import io.segmentation.tables.StarSchema;
import io.segmentation.tables.Tables;
import io.segmentation.warehouse.DeltaWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds the segments-over-time table content: dim_cluster's identity columns and retired rows,
 * fact_segment_history, segment_migration and run_log's drift columns. Pure transformations, like
 * {@link StarSchema}; {@link DeltaWriter} writes them.
 */
public final class HistoryTables {
  private final SparkSession spark;
  private final String runId;

  public HistoryTables(SparkSession spark, String runId) {
    this.spark = spark;
    this.runId = runId;
  }

  /** The yyyyMMdd key of a date. */
  public static int dateKey(LocalDate date) {
    return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }

  /**
   * dim_cluster of this run ({@code current}, from {@link StarSchema#dimCluster}) with
   * first_run_id, previous_cluster_key and status, plus every segment of earlier runs that is no
   * longer in the model (status retired, no customers), so history rows keep resolving.
   */
  public Dataset<Row> dimCluster(Dataset<Row> current, Continuity.Result c) {
    Map<Integer, String> firstRun = new HashMap<>();
    Map<Integer, Row> previousRows = new HashMap<>();
    List<String> prevColumns =
        c.previous()
            .map(
                p ->
                    p.dimClusterSchema() == null
                        ? List.<String>of()
                        : Arrays.asList(p.dimClusterSchema().fieldNames()))
            .orElse(List.of());
    c.previous()
        .ifPresent(
            p ->
                p.dimCluster()
                    .forEach(
                        r -> {
                          int key = r.getInt(r.fieldIndex(Tables.CLUSTER_KEY));
                          previousRows.put(key, r);
                          String first =
                              prevColumns.contains(Tables.FIRST_RUN_ID)
                                      && !r.isNullAt(r.fieldIndex(Tables.FIRST_RUN_ID))
                                  ? r.getString(r.fieldIndex(Tables.FIRST_RUN_ID))
                                  : r.getString(r.fieldIndex(Tables.RUN_ID));
                          firstRun.put(key, first);
                        }));
    Map<Integer, Object> first = new HashMap<>();
    Map<Integer, Object> previousKey = new HashMap<>();
    Map<Integer, Object> status = new HashMap<>();
    c.matches()
        .forEach(
            (key, m) -> {
              boolean continuing = m.status() == SegmentIdentity.Status.CONTINUING;
              first.put(
                  key,
                  continuing
                      ? firstRun.getOrDefault(
                          key, c.previous().map(PreviousRun::runId).orElse(runId))
                      : runId);
              previousKey.put(key, m.previousKey());
              status.put(key, m.status().label());
            });
    Dataset<Row> withIdentity =
        current
            .withColumn(Tables.FIRST_RUN_ID, byKey(first, DataTypes.StringType))
            .withColumn(Tables.PREVIOUS_CLUSTER_KEY, byKey(previousKey, DataTypes.IntegerType))
            .withColumn(
                Tables.STATUS, coalesce(byKey(status, DataTypes.StringType), lit("unknown")));
    Set<Integer> keys = new HashSet<>(c.matches().keySet());
    List<Row> retired = new ArrayList<>();
    for (Map.Entry<Integer, Row> e : previousRows.entrySet()) {
      if (!keys.contains(e.getKey())) {
        retired.add(e.getValue());
      }
    }
    if (retired.isEmpty()) {
      return withIdentity;
    }
    StructType prevSchema = c.previous().get().dimClusterSchema();
    Dataset<Row> old = spark.createDataFrame(retired, prevSchema);
    List<Column> select = new ArrayList<>();
    for (StructField f : withIdentity.schema().fields()) {
      String name = f.name();
      Column value;
      if (name.equals(Tables.CUSTOMER_COUNT)) {
        value = lit(0L);
      } else if (name.equals(Tables.CUSTOMER_SHARE)) {
        value = lit(0.0);
      } else if (name.equals(Tables.STATUS)) {
        value = lit(SegmentIdentity.Status.RETIRED.label());
      } else if (name.equals(Tables.FIRST_RUN_ID)) {
        value =
            prevColumns.contains(name)
                ? coalesce(col(name), col(Tables.RUN_ID))
                : col(Tables.RUN_ID);
      } else if (prevColumns.contains(name)) {
        value = col(name);
      } else {
        value = lit(null);
      }
      select.add(value.cast(f.dataType()).as(name));
    }
    return withIdentity.unionByName(old.select(select.toArray(Column[]::new)));
  }

  private static Column byKey(Map<Integer, Object> values, DataType type) {
    Column mapped = lit(null).cast(type);
    for (Map.Entry<Integer, Object> e : values.entrySet()) {
      mapped =
          when(col(Tables.CLUSTER_KEY).equalTo(e.getKey()), lit(e.getValue()).cast(type))
              .otherwise(mapped);
    }
    return mapped;
  }

  /**
   * The history rows of this run: one per customer whose segment changed since the previous
   * successful run, who appeared (every customer on a first run), or who is no longer segmented
   * ({@link Tables#UNKNOWN_KEY}, {@link Continuity#NOT_SEGMENTED_NOW}, no distance). The table then
   * grows with the changes, not with runs times customers; a customer's segment as of a run is
   * their latest row up to that run.
   */
  public Dataset<Row> history(
      Dataset<Row> assigned,
      List<Segment> segments,
      LocalDate asOf,
      Optional<PreviousRun> previous) {
    Dataset<Row> now =
        assigned.select(
            StarSchema.customerKey(col(FeatureColumns.CUSTOMER_ID)).as(Tables.CUSTOMER_KEY),
            SegmentAssigner.byIndex(segments, s -> s.key()).as(Tables.CLUSTER_KEY),
            SegmentAssigner.byIndex(segments, s -> s.name().name()).as(Tables.SEGMENT_NAME),
            col(ModelColumns.DISTANCE));
    Dataset<Row> changed =
        previous.map(PreviousRun::assignments).filter(a -> a != null).isEmpty()
            ? now
            : changes(now, previous.get().assignments());
    return changed.select(
        lit(runId).as(Tables.RUN_ID),
        lit(dateKey(asOf)).as(Tables.RUN_DATE_KEY),
        col(Tables.CUSTOMER_KEY),
        col(Tables.CLUSTER_KEY),
        col(Tables.SEGMENT_NAME),
        col(ModelColumns.DISTANCE));
  }

  /** This run's rows that differ from the previous run's assignments, and the customers gone. */
  private static Dataset<Row> changes(Dataset<Row> now, Dataset<Row> before) {
    Dataset<Row> was =
        before.select(
            col(Tables.CUSTOMER_KEY), col(Tables.CLUSTER_KEY).as(Tables.PREVIOUS_CLUSTER_KEY));
    Column gone = col(Tables.CLUSTER_KEY).isNull();
    Column changedOrNew =
        col(Tables.PREVIOUS_CLUSTER_KEY)
            .isNull()
            .or(col(Tables.PREVIOUS_CLUSTER_KEY).notEqual(col(Tables.CLUSTER_KEY)));
    return now.join(was, new String[] {Tables.CUSTOMER_KEY}, "full")
        .where(gone.or(changedOrNew))
        .select(
            col(Tables.CUSTOMER_KEY),
            coalesce(col(Tables.CLUSTER_KEY), lit(Tables.UNKNOWN_KEY)).as(Tables.CLUSTER_KEY),
            when(gone, lit(Continuity.NOT_SEGMENTED_NOW))
                .otherwise(col(Tables.SEGMENT_NAME))
                .as(Tables.SEGMENT_NAME),
            col(ModelColumns.DISTANCE));
  }

  /** The migration cells (a few dozen rows, built on the driver). */
  public Dataset<Row> migration(Continuity.Result c) {
    String previous = c.previous().map(PreviousRun::runId).orElse(null);
    List<Row> rows = new ArrayList<>();
    for (Continuity.Move m : c.migration()) {
      rows.add(
          RowFactory.create(
              runId,
              previous,
              m.previousKey(),
              m.previousName(),
              m.key(),
              m.name(),
              m.customers(),
              m.netSpend()));
    }
    StructType schema =
        new StructType()
            .add(Tables.RUN_ID, DataTypes.StringType, false)
            .add(Tables.PREVIOUS_RUN_ID, DataTypes.StringType, true)
            .add(Tables.PREVIOUS_CLUSTER_KEY, DataTypes.IntegerType, false)
            .add(Tables.PREVIOUS_SEGMENT_NAME, DataTypes.StringType, false)
            .add(Tables.CLUSTER_KEY, DataTypes.IntegerType, false)
            .add(Tables.SEGMENT_NAME, DataTypes.StringType, false)
            .add(Tables.CUSTOMERS, DataTypes.LongType, false)
            .add(Tables.NET_SPEND, DataTypes.createDecimalType(18, 2), false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * run_log's row with the drift columns (nulls when {@code drift} is null: a failure before the
   * identity stage).
   */
  public static Dataset<Row> withDrift(Dataset<Row> runLog, DriftReport drift) {
    return runLog
        .withColumn(
            Tables.PREVIOUS_RUN_ID,
            lit(drift == null ? null : drift.previousRunId()).cast(DataTypes.StringType))
        .withColumn(
            RunTableSpecs.SEGMENTS_CONTINUING,
            lit(drift == null ? null : drift.continuing()).cast(DataTypes.IntegerType))
        .withColumn(
            RunTableSpecs.SEGMENTS_NEW,
            lit(drift == null ? null : drift.created()).cast(DataTypes.IntegerType))
        .withColumn(
            RunTableSpecs.SEGMENTS_RETIRED,
            lit(drift == null ? null : drift.retired()).cast(DataTypes.IntegerType))
        .withColumn(
            RunTableSpecs.MAX_CENTROID_SHIFT,
            number(drift == null ? Double.NaN : drift.maxCentroidShift()))
        .withColumn(
            RunTableSpecs.MAX_SHARE_CHANGE,
            number(drift == null ? Double.NaN : drift.maxShareChange()))
        .withColumn(
            RunTableSpecs.SILHOUETTE_CHANGE,
            number(drift == null ? Double.NaN : drift.silhouetteChange()))
        .withColumn(
            RunTableSpecs.CHANGED_SEGMENT_SHARE,
            number(drift == null ? Double.NaN : drift.changedShare()))
        .withColumn(RunTableSpecs.MAX_PSI, number(drift == null ? Double.NaN : drift.maxPsi()))
        .withColumn(Tables.DRIFT_ALERT, lit(drift != null && drift.alert()));
  }

  /** A double, or null for NaN (not applicable). */
  private static Column number(double v) {
    return Double.isNaN(v) ? lit(null).cast(DataTypes.DoubleType) : lit(v);
  }
}
