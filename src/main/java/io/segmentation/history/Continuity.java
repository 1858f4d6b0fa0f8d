package io.segmentation.history;

import io.segmentation.config.JobConfig;
import io.segmentation.model.PopulationProfile;
import io.segmentation.model.SavedModel;
import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentIdentity;
import io.segmentation.model.SegmentName;
import io.segmentation.model.SegmentNamer;
import io.segmentation.model.SegmentProfile;
import io.segmentation.schema.FeatureSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity stage: keys and names this run's segments after the previous successful run's
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
      PopulationProfile population) {

    /** The identity stage's line: every segment's key and name, and how many continue. */
    public String describe() {
      return segments.size()
          + " segments: "
          + String.join(", ", segments.stream().map(x -> x.key() + " " + x.name().name()).toList())
          + String.format(
              Locale.ROOT,
              " (%d continuing, %d new, %d retired)",
              drift.continuing(),
              drift.created(),
              drift.retired());
    }
  }

  /**
   * @param assigned this run's customers: features, cluster index and distance (cached by the
   *     caller)
   * @param silhouette this run's silhouette
   */
  public static Result resolve(
      JobConfig config,
      FeatureSet features,
      Optional<PreviousRun> previous,
      Dataset<Row> assigned,
      List<SegmentProfile> profiles,
      double silhouette) {
    List<String> kmeans = features.kmeans();
    PopulationProfile population = PopulationProfile.of(assigned, kmeans);
    List<Row> cells = RunComparison.cells(assigned, previous);
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
      List<Move> moves = RunComparison.moves(cells, segments);
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
        RunComparison.sameFeatures(prevModel.pipeline(), kmeans)
            ? RunComparison.centroidsInPreviousSpace(prevModel.pipeline(), assigned)
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
    List<Move> moves = RunComparison.moves(cells, segments);
    DriftReport drift =
        DriftFigures.of(
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
