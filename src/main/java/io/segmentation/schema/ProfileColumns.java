package io.segmentation.schema;

/** Column names of a segment's per-feature profile (segment_profile), declared once. */
public final class ProfileColumns {
  private ProfileColumns() {}

  public static final String FEATURE = "feature";
  public static final String MEAN_VALUE = "mean_value";
  public static final String MEDIAN_VALUE = "median_value";
  public static final String POPULATION_MEAN = "population_mean";
  public static final String POPULATION_STD = "population_std";
  public static final String Z_SCORE = "z_score";
}
