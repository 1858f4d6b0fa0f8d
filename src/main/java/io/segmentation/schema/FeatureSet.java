package io.segmentation.schema;

import java.util.List;
import java.util.Optional;

/**
 * A run's resolved features: the columns that feed KMeans (in order), those of them that are
 * log1p-transformed before scaling, and the numeric columns segment_profile describes. The input
 * source resolves it once it has read the input; it never changes after that.
 */
public record FeatureSet(List<String> kmeans, List<String> log1p, List<String> profiled) {
  public FeatureSet {
    kmeans = List.copyOf(kmeans);
    log1p = List.copyOf(log1p);
    profiled = List.copyOf(profiled);
  }

  /**
   * The feature set of these KMeans columns, with the configured log1p columns or, when none are
   * configured, the {@link FeatureColumns#SKEWED} ones among them.
   */
  public static FeatureSet of(
      List<String> kmeans, Optional<List<String>> log1p, List<String> profiled) {
    List<String> logged =
        log1p.orElseGet(() -> FeatureColumns.SKEWED.stream().filter(kmeans::contains).toList());
    return new FeatureSet(kmeans, logged, profiled);
  }
}
