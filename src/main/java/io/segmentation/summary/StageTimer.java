package io.segmentation.summary;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipeline stages inside a named Spark job group (so the Spark UI says which stage runs),
 * times them, counts the Spark jobs each one started, and logs one line per stage with its counts,
 * jobs and duration, e.g. {@code features: 4,338 customers, 18 features, 2 Spark jobs, 2.1 s}.
 */
public final class StageTimer {
  private static final Logger LOG = LoggerFactory.getLogger("customer-segmentation");
  private final SparkContext sc;
  private final Map<String, StageLine> stages = new LinkedHashMap<>();

  /** One stage: its wall time, the Spark jobs it ran and what it did. */
  public record StageLine(double seconds, int sparkJobs, String detail) {}

  public StageTimer(SparkContext sc) {
    this.sc = sc;
  }

  /**
   * Runs {@code body} as stage {@code name}; {@code describe} turns its result into the log text.
   */
  public <T> T stage(String name, Supplier<T> body, Function<T, String> describe) {
    sc.setJobGroup(name, name, false);
    long t0 = System.nanoTime();
    try {
      T result = body.get();
      double s = (System.nanoTime() - t0) / 1e9;
      int jobs = sc.statusTracker().getJobIdsForGroup(name).length;
      String detail = describe.apply(result);
      stages.put(name, new StageLine(s, jobs, detail));
      LOG.info(
          String.format(
              Locale.ROOT,
              "%s: %s, %d Spark job%s, %.1f s",
              name,
              detail,
              jobs,
              jobs == 1 ? "" : "s",
              s));
      return result;
    } finally {
      sc.clearJobGroup();
    }
  }

  /** The stages in the order they ran. */
  public Map<String, StageLine> stages() {
    return Collections.unmodifiableMap(stages);
  }
}
