package io.segmentation.history;

import io.segmentation.config.JobConfig;
import io.segmentation.model.Segment;
import io.segmentation.model.SegmentIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The drift figures of a run against the previous successful one: centroid shift of each matched
 * segment (in standard deviations), share change, silhouette change, share of customers who changed
 * segment, and the population stability index of every KMeans feature.
 */
final class DriftFigures {
  private DriftFigures() {}

  static DriftReport of(
      JobConfig config,
      PreviousRun prev,
      Dataset<Row> assigned,
      List<Segment> segments,
      Map<Integer, SegmentIdentity.Match> matches,
      List<SegmentIdentity.Previous> retired,
      Map<Integer, Long> prevCustomers,
      List<Row> cells,
      double silhouette,
      List<Continuity.Move> moves) {
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
}
