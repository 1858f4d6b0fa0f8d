package io.segmentation.schema;

/** Column names produced by the segmentation pipeline, declared once. */
public final class ModelColumns {
  private ModelColumns() {}

  /** Prefix of the transformed (capped, log1p) model inputs. */
  public static final String INPUT_PREFIX = "m_";

  public static final String ASSEMBLED = "features_raw";
  public static final String SCALED = "features_scaled";
  public static final String CLUSTER_INDEX = "cluster_index";
  public static final String DISTANCE = "distance_to_centroid";

  /** A segment's stable key (dim_cluster.cluster_key) and its name. */
  public static final String CLUSTER_KEY = "cluster_key";

  public static final String SEGMENT_NAME = "segment_name";
}
