package io.segmentation.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import io.segmentation.schema.ModelColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies a fitted segmentation pipeline to customer features: adds the cluster index and the
 * Euclidean distance to the segment centroid (in scaled space), all with built-in functions.
 */
public final class SegmentAssigner {
  private SegmentAssigner() {}

  /** Features plus {@link ModelColumns#CLUSTER_INDEX} and {@link ModelColumns#DISTANCE}. */
  public static Dataset<Row> assign(PipelineModel model, Dataset<Row> features) {
    KMeansModel kmeans = kmeans(model);
    Vector[] centers = kmeans.clusterCenters();
    Column values =
        org.apache.spark.ml.functions.vector_to_array(col(ModelColumns.SCALED), "float64");
    Column squared = lit(0.0);
    for (int d = 0; d < centers[0].size(); d++) {
      Column center = null;
      for (int c = 0; c < centers.length; c++) {
        center =
            center == null
                ? when(col(ModelColumns.CLUSTER_INDEX).equalTo(c), lit(centers[c].apply(d)))
                : center.when(col(ModelColumns.CLUSTER_INDEX).equalTo(c), lit(centers[c].apply(d)));
      }
      squared = squared.plus(pow(element_at(values, d + 1).minus(center), 2));
    }
    List<Column> out = new ArrayList<>();
    for (String c : features.columns()) {
      out.add(col(c));
    }
    out.add(col(ModelColumns.CLUSTER_INDEX));
    out.add(sqrt(squared).as(ModelColumns.DISTANCE));
    return model.transform(features).select(out.toArray(Column[]::new));
  }

  /** The KMeans stage of a segmentation pipeline. */
  public static KMeansModel kmeans(PipelineModel model) {
    Transformer last = model.stages()[model.stages().length - 1];
    if (!(last instanceof KMeansModel k)) {
      throw new IllegalStateException("the pipeline's last stage is not KMeans: " + last);
    }
    return k;
  }

  /** Names and orders the profiled segments: key 1 is the highest average spend. */
  public static List<Segment> segments(List<SegmentProfile> profiles) {
    Map<Integer, SegmentName> names = SegmentNamer.name(profiles);
    List<SegmentProfile> ordered = new ArrayList<>(profiles);
    ordered.sort(
        Comparator.comparingDouble(SegmentProfile::monetary)
            .reversed()
            .thenComparingDouble(SegmentProfile::recencyDays));
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      SegmentProfile p = ordered.get(i);
      segments.add(new Segment(i + 1, p, names.get(p.clusterIndex())));
    }
    return segments;
  }

  /** A column mapping the cluster index to a segment attribute. */
  public static Column byIndex(List<Segment> segments, Function<Segment, Object> attribute) {
    Map<Integer, Object> values = new LinkedHashMap<>();
    segments.forEach(s -> values.put(s.profile().clusterIndex(), attribute.apply(s)));
    return byIndex(values);
  }

  /** A column mapping {@link ModelColumns#CLUSTER_INDEX} to the given value per index. */
  public static Column byIndex(Map<Integer, Object> valueByIndex) {
    Column mapped = null;
    for (Map.Entry<Integer, Object> e : valueByIndex.entrySet()) {
      Column cond = col(ModelColumns.CLUSTER_INDEX).equalTo(e.getKey());
      mapped = mapped == null ? when(cond, e.getValue()) : mapped.when(cond, e.getValue());
    }
    return mapped;
  }
}
