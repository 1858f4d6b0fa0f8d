package io.segmentation.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.segmentation.model.Segment;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.ModelColumns;
import io.segmentation.tables.StarSchema;
import io.segmentation.tables.Tables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * What two runs have in common: the customers per (previous segment, current segment) cell, the
 * moves between segments, and the current centroids in the previous run's scaled space.
 */
final class RunComparison {
  private RunComparison() {}

  /**
   * The (previous key, previous name, current cluster index, customers, net spend) cells: the
   * previous run's customers full-outer-joined with this run's on customer_key. At most (k+1) x
   * (k'+1) rows reach the driver.
   */
  static List<Row> cells(Dataset<Row> assigned, Optional<PreviousRun> previous) {
    Dataset<Row> current =
        assigned.select(
            StarSchema.customerKey(col(FeatureColumns.CUSTOMER_ID)).as(Tables.CUSTOMER_KEY),
            col(ModelColumns.CLUSTER_INDEX),
            col(FeatureColumns.MONETARY_NET)
                .cast(DataTypes.createDecimalType(18, 2))
                .as(Tables.NET_SPEND));
    Dataset<Row> joined;
    if (previous.isPresent() && previous.get().assignments() != null) {
      Dataset<Row> before =
          previous
              .get()
              .assignments()
              .select(
                  col(Tables.CUSTOMER_KEY),
                  col(Tables.CLUSTER_KEY).as(Tables.PREVIOUS_CLUSTER_KEY),
                  col(Tables.SEGMENT_NAME).as(Tables.PREVIOUS_SEGMENT_NAME));
      joined = current.join(before, new String[] {Tables.CUSTOMER_KEY}, "full_outer");
    } else {
      joined =
          current
              .withColumn(Tables.PREVIOUS_CLUSTER_KEY, lit(null).cast(DataTypes.IntegerType))
              .withColumn(Tables.PREVIOUS_SEGMENT_NAME, lit(null).cast(DataTypes.StringType));
    }
    return joined
        .groupBy(
            col(Tables.PREVIOUS_CLUSTER_KEY),
            col(Tables.PREVIOUS_SEGMENT_NAME),
            col(ModelColumns.CLUSTER_INDEX))
        .agg(count(lit(1)).as(Tables.CUSTOMERS), sum(col(Tables.NET_SPEND)).as(Tables.NET_SPEND))
        .select(
            col(Tables.PREVIOUS_CLUSTER_KEY),
            col(Tables.PREVIOUS_SEGMENT_NAME),
            col(ModelColumns.CLUSTER_INDEX),
            col(Tables.CUSTOMERS),
            col(Tables.NET_SPEND))
        .collectAsList();
  }

  static List<Continuity.Move> moves(List<Row> cells, List<Segment> segments) {
    Map<Integer, Segment> byIndex = new HashMap<>();
    segments.forEach(s -> byIndex.put(s.profile().clusterIndex(), s));
    List<Continuity.Move> moves = new ArrayList<>();
    for (Row r : cells) {
      Segment now = r.isNullAt(2) ? null : byIndex.get(r.getInt(2));
      moves.add(
          new Continuity.Move(
              r.isNullAt(0) ? Tables.UNKNOWN_KEY : r.getInt(0),
              r.isNullAt(0) ? Continuity.NEW_CUSTOMER : r.getString(1),
              now == null ? Tables.UNKNOWN_KEY : now.key(),
              now == null ? Continuity.NOT_SEGMENTED_NOW : now.name().name(),
              r.getLong(3),
              r.isNullAt(4) ? BigDecimal.ZERO.setScale(2) : r.getDecimal(4)));
    }
    moves.sort(
        Comparator.comparingInt(Continuity.Move::previousKey)
            .thenComparingInt(Continuity.Move::key));
    return moves;
  }

  /** The previous model's inputs are this run's KMeans features (then its scaler applies). */
  static boolean sameFeatures(PipelineModel previous, List<String> kmeans) {
    for (Transformer t : previous.stages()) {
      if (t instanceof VectorAssembler a) {
        return Arrays.asList(a.getInputCols())
            .equals(kmeans.stream().map(f -> ModelColumns.INPUT_PREFIX + f).toList());
      }
    }
    return false;
  }

  /**
   * This run's segment centroids after the previous run's caps, log1p and scaler: one aggregation.
   */
  static Map<Integer, double[]> centroidsInPreviousSpace(
      PipelineModel previous, Dataset<Row> assigned) {
    Dataset<Row> d = assigned;
    Transformer[] stages = previous.stages();
    for (int i = 0; i < stages.length - 1; i++) {
      d = stages[i].transform(d);
    }
    Map<Integer, double[]> out = new HashMap<>();
    for (Row r :
        d.groupBy(col(ModelColumns.CLUSTER_INDEX))
            .agg(Summarizer.mean(col(ModelColumns.SCALED)).as("c"))
            .collectAsList()) {
      out.put(r.getInt(0), ((Vector) r.get(1)).toArray());
    }
    return out;
  }
}
