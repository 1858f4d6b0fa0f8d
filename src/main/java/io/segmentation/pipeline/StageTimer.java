package io.segmentation.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipeline stages inside a named Spark job group (so the Spark UI says which stage runs),
 * times them, and logs one line per stage with its counts and duration.
 */
public final class StageTimer {
  private static final Logger LOG = LoggerFactory.getLogger("customer-segmentation");
  private final SparkContext sc;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  public StageTimer(SparkContext sc) {
    this.sc = sc;
  }

  /** Runs {@code body} as stage {@code name}; {@code describe} turns its result into the log text. */
  public <T> T stage(String name, Supplier<T> body, java.util.function.Function<T, String> describe) {
    sc.setJobGroup(name, name, false);
    long t0 = System.nanoTime();
    try {
      T result = body.get();
      double s = (System.nanoTime() - t0) / 1e9;
      seconds.merge(name, s, Double::sum);
      LOG.info(String.format(java.util.Locale.ROOT, "%s: %s, %.1f s", name, describe.apply(result), s));
      return result;
    } finally {
      sc.clearJobGroup();
    }
  }

  /** Seconds per stage, in the order they ran. */
  public Map<String, Double> seconds() {
    return java.util.Collections.unmodifiableMap(seconds);
  }
}
