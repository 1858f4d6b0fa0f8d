package io.segmentation.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.segmentation.config.JobConfig;
import io.segmentation.features.FeatureColumns;
import io.segmentation.model.ModelColumns;
import io.segmentation.model.PopulationProfile;
import io.segmentation.model.SavedModel;
import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentIdentity;
import io.segmentation.model.SegmentName;
import io.segmentation.model.SegmentNamer;
import io.segmentation.model.SegmentProfile;
import io.segmentation.warehouse.StarSchema;
import io.segmentation.warehouse.Tables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 16's identity stage: keys and names this run's segments after the previous successful run's
 * ({@link SegmentIdentity}, {@link SegmentNamer} with hysteresis), and measures the movement
 * between the two runs: the migration of customers between segments and the drift figures. Spark
 * computes a handful of aggregates (the (previous segment, current segment) cells, the current
 * centroids in the previous run's scaled space, the bucket shares of each feature); only those
 * reach the driver. A first run keys and names as before (key 1 = highest spend).
 */
public final class Continuity {
  private static final Logger LOG = LoggerFactory.getLogger(Continuity.class);
  public static final String NEW_CUSTOMER = "(new customer)";
  public static final String NOT_SEGMENTED_NOW = "(not segmented now)";

  private Continuity() {}

  /** One (previous segment, current segment) cell of the migration; -1 for none. */
  public record Move(
      int previousKey,
      String previousName,
      int key,
      String name,
      long customers,
      BigDecimal netSpend) {}

  /**
   * The stage's outcome.
   *
   * @param matches how each current segment (by key) relates to the previous run
   * @param retired previous segments with no match in this run
   * @param population this run's feature distribution, saved with its model
   */
  public record Result(
      List<Segment> segments,
      Map<Integer, SegmentIdentity.Match> matches,
      List<SegmentIdentity.Previous> retired,
      List<Move> migration,
      DriftReport drift,
      Optional<PreviousRun> previous,
      PopulationProfile population) {}

  /**
   * @param assigned this run's customers: features, cluster index and distance (cached by the
   *     caller)
   * @param silhouette this run's silhouette
   */
  public static Result resolve(
      JobConfig config,
      Optional<PreviousRun> previous,
      Dataset<Row> assigned,
      List<SegmentProfile> profiles,
      double silhouette) {
    List<String> kmeans = config.features().kmeans();
    PopulationProfile population = PopulationProfile.of(assigned, kmeans);
    List<Row> cells = cells(assigned, previous);
    if (previous.isEmpty()) {
      List<Segment> segments = SegmentAssigner.segments(profiles);
      Map<Integer, SegmentIdentity.Match> matches = new LinkedHashMap<>();
      List<DriftReport.SegmentLine> lines = new ArrayList<>();
      for (Segment s : segments) {
        matches.put(
            s.key(),
            new SegmentIdentity.Match(
                s.profile().clusterIndex(),
                s.key(),
                SegmentIdentity.Status.NEW,
                null,
                null,
                Double.NaN,
                Double.NaN));
        lines.add(
            new DriftReport.SegmentLine(
                s.key(),
                s.name().name(),
                SegmentIdentity.Status.NEW.label(),
                null,
                Double.NaN,
                Double.NaN,
                s.profile().share()));
      }
      List<Move> moves = moves(cells, segments);
      DriftReport drift =
          new DriftReport(
              null,
              0,
              segments.size(),
              0,
              lines,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Map.of(),
              Double.NaN,
              List.of(),
              moves);
      return new Result(segments, matches, List.of(), moves, drift, previous, population);
    }
    PreviousRun prev = previous.get();
    SavedModel prevModel = prev.model();
    Vector[] prevCenters = SegmentAssigner.kmeans(prevModel.pipeline()).clusterCenters();
    Map<Integer, Long> prevCustomers = new HashMap<>();
    for (Row r : cells) {
      if (!r.isNullAt(0)) {
        prevCustomers.merge(r.getInt(0), r.getLong(3), Long::sum);
      }
    }
    List<SegmentIdentity.Previous> prevSegments = new ArrayList<>();
    for (SavedModel.Entry e : prevModel.segments()) {
      prevSegments.add(
          new SegmentIdentity.Previous(
              e.clusterKey(),
              e.name(),
              prevCenters[e.clusterIndex()].toArray(),
              prevCustomers.getOrDefault(e.clusterKey(), 0L)));
    }
    prevSegments.sort(Comparator.comparingInt(SegmentIdentity.Previous::key));
    Map<Integer, double[]> centroids =
        sameFeatures(prevModel.pipeline(), kmeans)
            ? centroidsInPreviousSpace(prevModel.pipeline(), assigned)
            : Map.of();
    if (centroids.isEmpty()) {
      LOG.warn(
          "the feature set changed since run {}: segments are matched on their customers only",
          prev.runId());
    }
    List<SegmentIdentity.Current> current = new ArrayList<>();
    List<SegmentProfile> sorted = new ArrayList<>(profiles);
    sorted.sort(Comparator.comparingInt(SegmentProfile::clusterIndex));
    for (SegmentProfile p : sorted) {
      current.add(
          new SegmentIdentity.Current(
              p.clusterIndex(),
              centroids.get(p.clusterIndex()),
              p.customers(),
              p.monetary(),
              p.recencyDays()));
    }
    long[][] overlap = new long[prevSegments.size()][current.size()];
    boolean anyOverlap = false;
    for (Row r : cells) {
      if (!r.isNullAt(0) && !r.isNullAt(2)) {
        int i = indexOfKey(prevSegments, r.getInt(0));
        int j = indexOfCluster(current, r.getInt(2));
        if (i >= 0 && j >= 0) {
          overlap[i][j] += r.getLong(3);
          anyOverlap = true;
        }
      }
    }
    JobConfig.Identity id = config.identity();
    SegmentIdentity.Result identity =
        SegmentIdentity.match(
            prevSegments,
            current,
            anyOverlap ? overlap : null,
            prev.largestKeyEver(),
            new SegmentIdentity.Settings(
                id.maxCentroidDistance(), id.minOverlap(), id.overlapWeight()));
    Map<Integer, String> keptNames = new HashMap<>();
    identity
        .byIndex()
        .forEach(
            (index, m) -> {
              if (m.status() == SegmentIdentity.Status.CONTINUING) {
                keptNames.put(index, m.previousName());
              }
            });
    Map<Integer, SegmentName> names = SegmentNamer.name(profiles, keptNames, id.nameMargin());
    List<Segment> segments = new ArrayList<>();
    Map<Integer, SegmentIdentity.Match> matches = new LinkedHashMap<>();
    for (SegmentProfile p : profiles) {
      SegmentIdentity.Match m = identity.byIndex().get(p.clusterIndex());
      segments.add(new Segment(m.key(), p, names.get(p.clusterIndex())));
    }
    segments.sort(Comparator.comparingInt(Segment::key));
    segments.forEach(s -> matches.put(s.key(), identity.byIndex().get(s.profile().clusterIndex())));
    List<Move> moves = moves(cells, segments);
    DriftReport drift =
        drift(
            config,
            prev,
            assigned,
            segments,
            matches,
            identity.retired(),
            prevCustomers,
            cells,
            silhouette,
            moves);
    drift.warnings().forEach(LOG::warn);
    LOG.info(
        "segments against run {}: {} continuing, {} new, {} retired; max centroid shift {}, changed"
            + " segment {}",
        prev.runId(),
        drift.continuing(),
        drift.created(),
        drift.retired(),
        drift.maxCentroidShift(),
        drift.changedShare());
    return new Result(segments, matches, identity.retired(), moves, drift, previous, population);
  }

  /**
   * The (previous key, previous name, current cluster index, customers, net spend) cells: the
   * previous run's customers full-outer-joined with this run's on customer_key. At most (k+1) x
   * (k'+1) rows reach the driver.
   */
  private static List<Row> cells(Dataset<Row> assigned, Optional<PreviousRun> previous) {
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

  private static List<Move> moves(List<Row> cells, List<Segment> segments) {
    Map<Integer, Segment> byIndex = new HashMap<>();
    segments.forEach(s -> byIndex.put(s.profile().clusterIndex(), s));
    List<Move> moves = new ArrayList<>();
    for (Row r : cells) {
      Segment now = r.isNullAt(2) ? null : byIndex.get(r.getInt(2));
      moves.add(
          new Move(
              r.isNullAt(0) ? Tables.UNKNOWN_KEY : r.getInt(0),
              r.isNullAt(0) ? NEW_CUSTOMER : r.getString(1),
              now == null ? Tables.UNKNOWN_KEY : now.key(),
              now == null ? NOT_SEGMENTED_NOW : now.name().name(),
              r.getLong(3),
              r.isNullAt(4) ? BigDecimal.ZERO.setScale(2) : r.getDecimal(4)));
    }
    moves.sort(Comparator.comparingInt(Move::previousKey).thenComparingInt(Move::key));
    return moves;
  }

  /** The previous model's inputs are this run's KMeans features (then its scaler applies). */
  private static boolean sameFeatures(PipelineModel previous, List<String> kmeans) {
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
  private static Map<Integer, double[]> centroidsInPreviousSpace(
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

  private static DriftReport drift(
      JobConfig config,
      PreviousRun prev,
      Dataset<Row> assigned,
      List<Segment> segments,
      Map<Integer, SegmentIdentity.Match> matches,
      List<SegmentIdentity.Previous> retired,
      Map<Integer, Long> prevCustomers,
      List<Row> cells,
      double silhouette,
      List<Move> moves) {
    long prevTotal = prevCustomers.values().stream().mapToLong(Long::longValue).sum();
    List<DriftReport.SegmentLine> lines = new ArrayList<>();
    int continuing = 0;
    int created = 0;
    for (Segment s : segments) {
      SegmentIdentity.Match m = matches.get(s.key());
      boolean cont = m.status() == SegmentIdentity.Status.CONTINUING;
      continuing += cont ? 1 : 0;
      created += cont ? 0 : 1;
      double prevShare =
          cont && prevTotal > 0
              ? prevCustomers.getOrDefault(m.key(), 0L) / (double) prevTotal
              : Double.NaN;
      lines.add(
          new DriftReport.SegmentLine(
              s.key(),
              s.name().name(),
              m.status().label(),
              m.previousKey(),
              cont ? m.centroidShift() : Double.NaN,
              prevShare,
              s.profile().share()));
    }
    for (SegmentIdentity.Previous p : retired) {
      double prevShare =
          prevTotal > 0 ? prevCustomers.getOrDefault(p.key(), 0L) / (double) prevTotal : Double.NaN;
      lines.add(
          new DriftReport.SegmentLine(
              p.key(),
              p.name(),
              SegmentIdentity.Status.RETIRED.label(),
              p.key(),
              Double.NaN,
              prevShare,
              0.0));
    }
    lines.sort(Comparator.comparingInt(DriftReport.SegmentLine::key));
    double maxShift =
        DriftReport.max(lines.stream().mapToDouble(DriftReport.SegmentLine::centroidShift));
    // A retired segment's share went from its previous share to 0: that is a share change too.
    double maxShare =
        DriftReport.max(
            lines.stream()
                .filter(l -> !l.status().equals(SegmentIdentity.Status.NEW.label()))
                .mapToDouble(l -> Math.abs(l.share() - l.previousShare())));
    Map<Integer, Integer> keyOfIndex = new HashMap<>();
    segments.forEach(s -> keyOfIndex.put(s.profile().clusterIndex(), s.key()));
    long both = 0;
    long moved = 0;
    for (Row r : cells) {
      if (!r.isNullAt(0) && !r.isNullAt(2)) {
        both += r.getLong(3);
        if (r.getInt(0) != keyOfIndex.get(r.getInt(2))) {
          moved += r.getLong(3);
        }
      }
    }
    double changed = both == 0 ? Double.NaN : moved / (double) both;
    Map<String, Double> psi =
        prev.population().map(p -> p.psi(p.sharesOf(assigned))).orElse(Map.of());
    double maxPsi = DriftReport.max(psi.values().stream().mapToDouble(Double::doubleValue));
    double silhouetteChange = silhouette - prev.silhouette();
    return new DriftReport(
        prev.runId(),
        continuing,
        created,
        retired.size(),
        lines,
        maxShift,
        maxShare,
        silhouetteChange,
        changed,
        psi,
        maxPsi,
        DriftReport.warnings(
            config.identity().drift(),
            maxShift,
            maxShare,
            silhouetteChange,
            changed,
            psi,
            "run " + prev.runId()),
        moves);
  }

  private static int indexOfKey(List<SegmentIdentity.Previous> prev, int key) {
    for (int i = 0; i < prev.size(); i++) {
      if (prev.get(i).key() == key) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfCluster(List<SegmentIdentity.Current> current, int index) {
    for (int j = 0; j < current.size(); j++) {
      if (current.get(j).clusterIndex() == index) {
        return j;
      }
    }
    return -1;
  }
}
