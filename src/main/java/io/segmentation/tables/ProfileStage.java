package io.segmentation.tables;

import static io.segmentation.tables.Tables.CLUSTER_KEY;
import static io.segmentation.tables.Tables.RUN_ID;
import static io.segmentation.tables.Tables.SEGMENT_NAME;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.segmentation.model.Segment;
import io.segmentation.model.SegmentAssigner;
import io.segmentation.model.SegmentProfiler;
import io.segmentation.schema.CustomerAttribute;
import io.segmentation.schema.FeatureColumns;
import io.segmentation.schema.FeatureSet;
import io.segmentation.schema.ProfileColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows of segment_profile, built once the segments have their keys and names: every profiled
 * feature per segment and, with attributes, the age and the share of each gender, membership and
 * customer segment value. A handful of attribute values reach the driver; segment_profile stays a
 * lazy frame for the writer.
 */
public final class ProfileStage {
  /** At most this many values of one attribute get a share column. */
  private static final int MAX_SHARED_VALUES = 12;

  private ProfileStage() {}

  /**
   * The segment_profile rows of the named segments.
   *
   * @param assigned segmented customers with their features, cluster index and distance
   * @param attributes customer attributes, or null when the run has none
   */
  public static Dataset<Row> segmentProfile(
      Dataset<Row> assigned,
      Dataset<Row> attributes,
      FeatureSet features,
      List<Segment> segments,
      String runId) {
    List<String> columns = new ArrayList<>(features.profiled());
    Dataset<Row> profiled = assigned;
    if (attributes != null) {
      profiled = profiled.join(attributes, FeatureColumns.CUSTOMER_ID, "left");
      columns.add(Tables.AGE);
      for (Map.Entry<String, Column> share : attributeShares(attributes)) {
        profiled = profiled.withColumn(share.getKey(), share.getValue());
        columns.add(share.getKey());
      }
    }
    return SegmentProfiler.featureProfile(profiled, columns)
        .withColumn(CLUSTER_KEY, SegmentAssigner.byIndex(segments, Segment::key))
        .withColumn(SEGMENT_NAME, SegmentAssigner.byIndex(segments, s -> s.name().name()))
        .withColumn(RUN_ID, lit(runId))
        .orderBy(col(CLUSTER_KEY), col(ProfileColumns.FEATURE));
  }

  /**
   * One 0/1 column per value of gender, membership and the source's customer segment (the values
   * are collected: a handful of strings), so segment_profile's mean is the share of the segment
   * with that value.
   */
  private static List<Map.Entry<String, Column>> attributeShares(Dataset<Row> attributes) {
    List<Map.Entry<String, Column>> shares = new ArrayList<>();
    for (String attribute : List.of(Tables.GENDER, Tables.MEMBERSHIP, Tables.CUSTOMER_SEGMENT)) {
      List<Row> values =
          attributes
              .select(col(attribute))
              .where(col(attribute).isNotNull())
              .distinct()
              .orderBy(col(attribute))
              .limit(MAX_SHARED_VALUES)
              .collectAsList();
      for (Row r : values) {
        String value = r.getString(0);
        String name =
            "share_" + attribute + "_" + CustomerAttribute.snakeCase(value).replaceFirst("^c_", "");
        shares.add(Map.entry(name, when(col(attribute).equalTo(value), 1.0).otherwise(0.0)));
      }
    }
    return shares;
  }
}
